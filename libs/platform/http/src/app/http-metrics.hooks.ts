import type { FastifyInstance } from 'fastify';
import type { Metric, Registry } from 'prom-client';

// Fine at the low end: the redirect and the postback answer in well under 10 ms.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type DurationLabels = Record<'method' | 'route' | 'status_code', string | number>;

/** One line of the exposition, as prom-client's registry formats it. */
interface ExposedValue {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

interface Series {
  readonly labels: DurationLabels;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * `http_request_duration_seconds{method,route,status_code}`, labelled by the route template
 * (`/c/:campaignKey`), never the raw URL, so label cardinality stays bounded. Exposed exactly as a
 * prom-client Histogram with these buckets would be, but kept by this class: prom-client checks
 * and hashes the labels on every observation (640 ns, 1 % of a redirect's CPU), where a series
 * here is found once per request by a string key and the scrape does the rest.
 */
export class HttpDurations {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'Time from request received to response sent, by route template';
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly series = new Map<string, Series>();

  constructor(registry: Registry) {
    // prom-client's registry takes any object with its Metric's shape (name, help, type, get).
    registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${String(statusCode)} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { method, route, status_code: statusCode },
        counts: new Float64Array(BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      // Bounded by routes × methods × statuses; the guard only stops a bug from growing it.
      if (this.series.size < 10_000) this.series.set(key, series);
    }
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] ?? Infinity)) bucket++;
    series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** What the registry exposes: per series, cumulative buckets (`le`), then `_sum` and `_count`. */
  get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExposedValue[];
    aggregator: 'sum';
  }> {
    const values: ExposedValue[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      for (let bucket = 0; bucket <= BUCKETS.length; bucket++) {
        cumulative += counts[bucket] ?? 0;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: BUCKETS[bucket] ?? '+Inf', ...labels },
          value: cumulative,
        });
      }
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    this.series.clear();
  }
}

/** Every request Fastify answers (the raw routes observe their own, see RawRoutes). */
export function installHttpMetrics(fastify: FastifyInstance, registry: Registry): HttpDurations {
  const durations = new HttpDurations(registry);
  fastify.addHook('onResponse', (request, reply, done) => {
    durations.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  return durations;
}
