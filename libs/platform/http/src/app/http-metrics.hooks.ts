import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { TallyHistogram, type HistogramSeries } from '@clickledger/platform-observability';

// Fine at the low end: the redirect and the postback answer in well under 10 ms.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type DurationLabel = 'method' | 'route' | 'status_code';

/**
 * `http_request_duration_seconds{method,route,status_code}`, labelled by the route template
 * (`/c/:campaignKey`), never the raw URL, so label cardinality stays bounded. A TallyHistogram:
 * each request finds its series through three small maps of constant strings and numbers (a key
 * made per request was a new string to flatten and hash).
 */
export class HttpDurations {
  private readonly histogram: TallyHistogram<DurationLabel>;
  private readonly byRoute = new Map<string, Map<string, Map<number, HistogramSeries>>>();

  constructor(registry: Registry) {
    this.histogram = new TallyHistogram({
      name: 'http_request_duration_seconds',
      help: 'Time from request received to response sent, by route template',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registry,
    });
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let series = byStatus.get(statusCode);
    if (series === undefined) {
      // Bounded: route templates × the methods Node's parser knows × status codes.
      series = this.histogram.series({ method, route, status_code: statusCode });
      byStatus.set(statusCode, series);
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
