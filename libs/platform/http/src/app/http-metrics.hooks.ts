import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

// Fine at the low end: the redirect and the postback answer in well under 10 ms.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * `http_request_duration_seconds{method,route,status_code}`, labelled by the route template
 * (`/c/:campaignKey`), never the raw URL, so label cardinality stays bounded. One label set's
 * series is looked up once, then kept: hashing the labels on every request is a measurable
 * share of a redirect.
 */
export class HttpDurations {
  private readonly histogram: Histogram;
  private readonly series = new Map<string, { observe(seconds: number): void }>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response sent, by route template',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${String(statusCode)} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = this.histogram.labels({ method, route, status_code: statusCode });
      // Bounded by routes × methods × statuses; the guard only stops a bug from growing it.
      if (this.series.size < 10_000) this.series.set(key, series);
    }
    series.observe(seconds);
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
