import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpEnv } from '@clickledger/platform-config';
import { ClientIpResolver, HOT_ROUTE_CONFIG, type HttpServiceApp } from '@clickledger/platform-http';
import { UnreadableBody } from './postback-body';
import { answerHeaders, type PostbackAnswer } from './postback-outcome';
import { collectPostbackParams, queryOf } from './postback-params';
import { ReceivePostbackService } from './receive-postback.service';

export const POSTBACK_PATH = '/postback';

/**
 * `GET|POST /postback`: query string, form body or JSON body (CONTRACT §4). HEAD, other methods
 * and requests Fastify refuses before the handler are answered by `postback-http.ts`. A hot route:
 * on Fastify itself, outside Nest's per-request pipeline (HOT_ROUTE_CONFIG).
 */
export function installPostbackRoute(app: HttpServiceApp): void {
  const receive = app.get(ReceivePostbackService);
  // Never Fastify's `request.ip`: it returns a non-IP `X-Forwarded-For` entry as is (issue 12, item 9).
  const clientIp = new ClientIpResolver(app.get(HttpEnv).TRUSTED_PROXIES);
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    // The raw URL, parsed by us: a null-prototype map, whatever names the client chose.
    const query = queryOf(request.raw.url);
    const { body } = request;
    // The request id is the correlation id (the platform's genReqId).
    const incoming = { sourceIp: clientIp.of(request.raw), correlationId: request.id };
    const answer =
      body instanceof UnreadableBody
        ? await receive.refuse({
            ...incoming,
            params: collectPostbackParams(query, undefined),
            statusCode: body.statusCode,
            reason: body.reason,
            message: body.message,
          })
        : await receive.receive({ ...incoming, params: collectPostbackParams(query, body) });
    return sendAnswer(reply, answer);
  };
  app
    .getHttpAdapter()
    .getInstance()
    .route({ method: ['GET', 'POST'], url: POSTBACK_PATH, config: HOT_ROUTE_CONFIG, handler });
}

export function sendAnswer(reply: FastifyReply, answer: PostbackAnswer): FastifyReply {
  return reply.code(answer.statusCode).headers(answerHeaders(answer)).send(answer.body);
}
