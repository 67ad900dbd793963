import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { TallyHistogram } from './tally-histogram';

const NAME = 'work_duration_seconds';
const HELP = 'Time a piece of work took';

type Observation = [kind: string, outcome: string, value: number];

/**
 * An exposition as its header and each series' lines in their order, the series sorted: after a
 * reset, prom-client lists series in the order they come back, where a kept series keeps its
 * place (Prometheus reads series in any order).
 */
function bySeries(text: string): { header: string[]; series: [string, string][] } {
  const header: string[] = [];
  const series = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      header.push(line);
      continue;
    }
    const labels = line.replace(/^\w+?(_bucket|_sum|_count)\{(le="[^"]*",)?/, '{');
    const key = labels.slice(0, labels.lastIndexOf('}'));
    series.set(key, [...(series.get(key) ?? []), line]);
  }
  return {
    header,
    series: [...series].map(([key, lines]): [string, string] => [key, lines.join('\n')]).sort(),
  };
}

/** The same observations through prom-client's own Histogram: what TallyHistogram must expose. */
async function promClientExposition(
  buckets: readonly number[],
  observations: readonly Observation[],
  resetAfter: number,
): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: NAME,
    help: HELP,
    labelNames: ['kind', 'outcome'],
    buckets: [...buckets],
    registers: [registry],
  });
  observations.forEach(([kind, outcome, value], index) => {
    if (index === resetAfter) registry.resetMetrics();
    histogram.observe({ kind, outcome }, value);
  });
  return registry.metrics();
}

/** Series taken once per label set and kept across the reset, as the hot paths keep them. */
async function ownExposition(
  buckets: readonly number[],
  observations: readonly Observation[],
  resetAfter: number,
): Promise<string> {
  const registry = new Registry();
  const histogram = new TallyHistogram({
    name: NAME,
    help: HELP,
    labelNames: ['kind', 'outcome'],
    buckets,
    registry,
  });
  observations.forEach(([kind, outcome, value], index) => {
    if (index === resetAfter) registry.resetMetrics();
    histogram.series({ kind, outcome }).observe(value);
  });
  return registry.metrics();
}

const bucketsArbitrary = fc
  .uniqueArray(fc.double({ min: 0.0001, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 })
  .map((bounds) => [...bounds].sort((a, b) => a - b));

const observationsOf = (buckets: readonly number[]): fc.Arbitrary<Observation[]> =>
  fc.array(
    fc.tuple(
      fc.constantFrom('acked', 'spooled', 'a "quoted" kind'),
      fc.constantFrom('ok', 'failed'),
      fc.oneof(
        // On a bound (inclusive: `le`), just above it, or anywhere.
        fc.constantFrom(...buckets),
        fc.constantFrom(...buckets.map((bound) => bound * (1 + Number.EPSILON))),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.constant(0),
      ),
    ),
    { maxLength: 100 },
  );

describe('TallyHistogram', () => {
  it('exposes exactly what a prom-client Histogram exposes, for any buckets, observations and reset', async () => {
    await fc.assert(
      fc.asyncProperty(
        bucketsArbitrary.chain((buckets) =>
          fc.tuple(fc.constant(buckets), observationsOf(buckets), fc.nat({ max: 120 })),
        ),
        async ([buckets, observations, resetAfter]) => {
          expect(bySeries(await ownExposition(buckets, observations, resetAfter))).toEqual(
            bySeries(await promClientExposition(buckets, observations, resetAfter)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same series for the same label values, and refuses a value that is not finite', () => {
    const histogram = new TallyHistogram({
      name: NAME,
      help: HELP,
      labelNames: ['kind'],
      buckets: [1],
      registry: new Registry(),
    });
    const series = histogram.series({ kind: 'acked' });
    expect(histogram.series({ kind: 'acked' })).toBe(series);
    expect(histogram.series({ kind: 'spooled' })).not.toBe(series);
    for (const value of [Number.NaN, Infinity, -Infinity]) {
      expect(() => {
        series.observe(value);
      }).toThrow(TypeError);
    }
    expect(series.count).toBe(0);
  });

  it('shows no series that was taken and never observed', async () => {
    const registry = new Registry();
    new TallyHistogram({ name: NAME, help: HELP, labelNames: ['kind'], buckets: [1], registry }).series({
      kind: 'spooled',
    });
    expect(await registry.metrics()).not.toContain('spooled');
  });
});
