import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { HttpDurations } from './http-metrics.hooks';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The same metric as prom-client's own Histogram exposes it: what HttpDurations must match. */
function promClientExposition(observations: readonly Observation[]): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request received to response sent, by route template',
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations)
    histogram.observe({ method, route, status_code: status }, seconds);
  return registry.metrics();
}

function ownExposition(observations: readonly Observation[]): Promise<string> {
  const registry = new Registry();
  const durations = new HttpDurations(registry);
  for (const [method, route, status, seconds] of observations)
    durations.observe(method, route, status, seconds);
  return registry.metrics();
}

type Observation = [method: string, route: string, status: number, seconds: number];

const observation: fc.Arbitrary<Observation> = fc.tuple(
  fc.constantFrom('GET', 'HEAD', 'POST'),
  fc.constantFrom('/c/:campaignKey', '/postback', 'unmatched'),
  fc.constantFrom(200, 302, 400, 404, 503),
  fc.oneof(
    // On a bucket's bound (a bound is inclusive: `le`), just above it, or anywhere.
    fc.constantFrom(...BUCKETS),
    fc.constantFrom(...BUCKETS.map((bound) => bound + Number.EPSILON)),
    fc.double({ min: 0, max: 10, noNaN: true }),
    fc.constant(0),
  ),
);

describe('HttpDurations', () => {
  it('exposes exactly what a prom-client Histogram with the same buckets exposes, for any observations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { maxLength: 200 }), async (observations) => {
        expect(await ownExposition(observations)).toBe(await promClientExposition(observations));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a duration on a bound in that bound and every one above it', async () => {
    const text = await ownExposition([['GET', '/postback', 200, 0.005]]);
    expect(text).toContain('le="0.0025",method="GET",route="/postback",status_code="200"} 0');
    expect(text).toMatch(/_bucket\{le="0.005",[^}]*\} 1\n/);
    expect(text).toMatch(/_bucket\{le="\+Inf",[^}]*\} 1\n/);
    expect(text).toMatch(/_count\{[^}]*\} 1\n/);
  });

  it('starts empty again after a reset', async () => {
    const registry = new Registry();
    const durations = new HttpDurations(registry);
    durations.observe('GET', '/postback', 200, 0.002);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('_count');
  });
});
