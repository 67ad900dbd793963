import fc from 'fast-check';
import { Counter, Registry } from 'prom-client';
import { TallyCounter } from './tally-counter';

type Step =
  | { readonly kind: 'inc'; readonly first: string; readonly second: string; readonly by: number }
  | { readonly kind: 'scrape' }
  | { readonly kind: 'reset' };

const labelValue = fc.oneof(
  fc.constantFrom('accepted', 'rejected', '', 'a"b', 'back\\slash', 'line\nbreak'),
  fc.string(),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('inc' as const),
      first: labelValue,
      second: labelValue,
      by: fc.integer({ min: 0, max: 1000 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'scrape' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

const lines = (exposition: string): string[] => exposition.split('\n').sort();

/** A one-label tally `name{outcome}` in a registry of its own. */
function outcomeTally(name: string, help: string): { registry: Registry; tally: TallyCounter<'outcome'> } {
  const registry = new Registry();
  return { registry, tally: new TallyCounter({ name, help, labelNames: ['outcome'], registry }) };
}

describe('TallyCounter', () => {
  it.each([
    ['one label', ['outcome'] as const],
    ['two labels', ['outcome', 'reason'] as const],
  ])(
    'exposes what a prom-client Counter incremented directly exposes, at every scrape (%s)',
    async (_name, labelNames) => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
          const tallied = new Registry();
          const direct = new Registry();
          const tally = new TallyCounter({
            name: 'things_total',
            help: 'Things',
            labelNames,
            registry: tallied,
          });
          const counter = new Counter({
            name: 'things_total',
            help: 'Things',
            labelNames: [...labelNames],
            registers: [direct],
          });
          for (const s of [...steps, { kind: 'scrape' as const }]) {
            if (s.kind === 'reset') {
              tallied.resetMetrics();
              direct.resetMetrics();
              continue;
            }
            if (s.kind === 'scrape') {
              // The same lines; series in any order (Prometheus reads them as a set).
              expect(lines(await tallied.metrics())).toEqual(lines(await direct.metrics()));
              continue;
            }
            tally.inc(s.first, s.second, s.by);
            const labels: Record<string, string> = { outcome: s.first };
            if (labelNames.length === 2) labels.reason = s.second;
            counter.inc(labels, s.by);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('refuses a negative or non-finite amount when counted, and keeps serving /metrics', async () => {
    const { registry, tally } = outcomeTally('things_total', 'Things');
    for (const by of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => {
        tally.inc('accepted', '', by);
      }).toThrow(RangeError);
    }
    tally.inc('accepted');
    expect(await registry.metrics()).toContain('things_total{outcome="accepted"} 1');
  });

  it('counts one by default, and keeps counting across scrapes', async () => {
    const { registry, tally } = outcomeTally('clicks_total', 'Clicks');
    tally.inc('redirected');
    tally.inc('redirected');
    expect(await registry.metrics()).toContain('clicks_total{outcome="redirected"} 2');
    tally.inc('redirected');
    tally.inc('not_found');
    const text = await registry.metrics();
    expect(text).toContain('clicks_total{outcome="redirected"} 3');
    expect(text).toContain('clicks_total{outcome="not_found"} 1');
  });
});
