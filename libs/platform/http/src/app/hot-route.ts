import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A hot route (see HOT_ROUTE_CONFIG). */
    hot?: boolean;
  }
}

/**
 * Fastify route config of a hot route (the redirect, the postback): a route registered on Fastify
 * itself, outside Nest's per-request pipeline (router context, pipes, interceptors), and run
 * without an AsyncLocalStorage context per request. Its handler passes the correlation id
 * (`request.id`) explicitly to what it publishes and logs. List its path in the service's
 * `hotRoutes` too, so the per-request logger skips it.
 */
export const HOT_ROUTE_CONFIG = Object.freeze({ hot: true });

export function isHotRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config.hot === true;
}
