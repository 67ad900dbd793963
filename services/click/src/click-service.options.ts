import { KafkaEnv } from '@clickledger/platform-config';
import type { HttpServiceOptions } from '@clickledger/platform-http';
import { AppModule, SERVICE_NAME } from './app.module';
import { ClickEnv } from './click.env';
import { CAMPAIGN_LINK_ROUTE, installMethodNotAllowed } from './clicks/method-not-allowed.route';
import { installRedirectRoute } from './clicks/redirect.route';

/** How the click service is built: `main.ts` and the tests use the same options. */
export const CLICK_SERVICE_OPTIONS = {
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: 8080,
  config: [KafkaEnv, ClickEnv],
  // Campaign links carry no body.
  bodyLimitBytes: 1024,
  // The redirect is the hot path: no per-request logger.
  hotRoutes: [CAMPAIGN_LINK_ROUTE],
  // The client IP comes from ClientIpResolver only: Fastify does no proxy-addr work per request.
  fastifyRequestIp: 'peer',
  configure: (app) => {
    installRedirectRoute(app);
    installMethodNotAllowed(app.getHttpAdapter().getInstance());
  },
} as const satisfies HttpServiceOptions;
