import type { FastifyInstance, FastifyReply, HTTPMethods } from 'fastify';

export const CAMPAIGN_LINK_ROUTE = '/c/:campaignKey';
const ALLOWED = ['GET', 'HEAD'];

/**
 * Every other method on a campaign link answers `405` with `Allow: GET, HEAD` (RFC 9110 §15.5.6),
 * before any body is read, so no body size or content type can turn it into a 413 or 415.
 */
export function installMethodNotAllowed(fastify: FastifyInstance): void {
  const methods = fastify.supportedMethods.filter((method) => !ALLOWED.includes(method)) as HTTPMethods[];
  const answer = (_request: unknown, reply: FastifyReply): FastifyReply =>
    reply
      .code(405)
      .header('allow', ALLOWED.join(', '))
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send('Method not allowed: use GET or HEAD');
  fastify.route({
    method: methods,
    url: CAMPAIGN_LINK_ROUTE,
    // Callback style without calling done(): the answer is sent, the lifecycle ends here.
    onRequest: (request, reply, _done) => {
      answer(request, reply);
    },
    handler: answer,
  });
}
