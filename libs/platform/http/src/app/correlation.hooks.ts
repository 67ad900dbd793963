import {
  CORRELATION_ID_HEADER,
  correlationIdFromHeaders,
  newCorrelationId,
  runWithCorrelationId,
} from '@clickledger/platform-observability';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isHotRoute } from './hot-route';

/**
 * Fastify's `genReqId`: the request id is the correlation id, so Fastify, pino-http and we agree.
 * Node lower-cases the names of a request's headers.
 */
export function correlationIdOf(request: Pick<FastifyRequest['raw'], 'headers'>): string {
  return correlationIdFromHeaders(request.headers, true) ?? newCorrelationId();
}

/**
 * Runs each request inside its correlation id (`request.id`, see `correlationIdOf`)
 * and echoes it in the response. Registered before Nest's middleware so the logger sees it.
 * Entered twice: async body parsing may lose the async context, so it is restored right
 * before the handler. Hot routes (HOT_ROUTE_CONFIG) get the header but no context: entering one
 * is a measurable share of a redirect, and their handlers pass `request.id` along themselves.
 */
export function installCorrelationHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    if (isHotRoute(request)) done();
    else runWithCorrelationId(request.id, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (isHotRoute(request)) done();
    else runWithCorrelationId(request.id, done);
  });
}
