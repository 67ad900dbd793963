import { KafkaEnv } from '@clickledger/platform-config';
import type { HttpServiceOptions } from '@clickledger/platform-http';
import { AppModule, SERVICE_NAME } from './app.module';
import { IngressEnv } from './ingress.env';
import { configurePostbackHttp, postbackClientErrors } from './postbacks/postback-http';

/** How the ingress is built: `main.ts` and the tests use the same options. */
export const INGRESS_SERVICE_OPTIONS = {
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: 8081,
  config: [KafkaEnv, IngressEnv],
  bodyLimitBytes: 16 * 1024,
  // Its own body parser reads every content type (configurePostbackHttp).
  bodyParser: false,
  configure: configurePostbackHttp,
  clientErrors: postbackClientErrors,
  // Served without the per-request logger: the postback is the hot path.
  hotRoutes: ['/postback'],
  // The client IP comes from ClientIpResolver only: Fastify does no proxy-addr work per request.
  fastifyRequestIp: 'peer',
} as const satisfies HttpServiceOptions;
