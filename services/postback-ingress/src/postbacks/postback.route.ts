import type { FastifyReply } from 'fastify';
import { HttpEnv } from '@clickledger/platform-config';
import {
  ClientIpResolver,
  installRawRoute,
  type HttpServiceApp,
  type HeaderList,
  type RawAnswer,
  type RawExchange,
  type RawRequest,
  type RoutedRequest,
  sendRawAnswer,
} from '@clickledger/platform-http';
import { UnreadableBody } from './postback-body';
import { answerHeaders, type PostbackAnswer } from './postback-outcome';
import { postbackParams } from './postback-params';
import { ReceivePostbackService } from './receive-postback.service';

export const POSTBACK_PATH = '/postback';
/** Longer URLs are refused (414) before anything is read; a postback URL is well under 1 KiB. */
export const MAX_URL_LENGTH = 8 * 1024;

/**
 * `GET|POST /postback`: query string, form body or JSON body (CONTRACT §4). HEAD, other methods
 * and requests Fastify refuses before the handler are answered by `postback-http.ts`. A raw route
 * (RawRoutes): a GET without a body, the way networks fire postbacks, is answered before Fastify;
 * a POST (its body parsed by Fastify) reaches the same answer through Fastify's route.
 */
export function installPostbackRoute(app: HttpServiceApp): void {
  const receive = app.get(ReceivePostbackService);
  // Never Fastify's `request.ip`: it returns a non-IP `X-Forwarded-For` entry as is (issue 12, item 9).
  const clientIp = new ClientIpResolver(app.get(HttpEnv).TRUSTED_PROXIES);
  installRawRoute(app, {
    method: ['GET', 'POST'],
    url: POSTBACK_PATH,
    accepts: isPlainGet,
    answer: (exchange: RawExchange, routed?: RoutedRequest) => {
      const { request, correlationId } = exchange;
      const body = routed?.body;
      const incoming = { sourceIp: clientIp.of(request), correlationId };
      const reply = (answer: PostbackAnswer): void => {
        exchange.reply(rawAnswerOf(answer));
      };
      const fail = (error: unknown): void => {
        exchange.fail(error);
      };
      if (body instanceof UnreadableBody)
        receive
          .refuse({
            ...incoming,
            params: postbackParams(request.url),
            statusCode: body.statusCode,
            reason: body.reason,
            message: body.message,
          })
          .then(reply, fail);
      else receive.receiveThen({ params: postbackParams(request.url, body), ...incoming }, reply, fail);
    },
  });
}

/** `/postback`, then the end of the URL or its query: what every `/postback` handler answers. */
export function isPostbackUrl(url: string | undefined): boolean {
  return (
    url !== undefined &&
    url.startsWith(POSTBACK_PATH) &&
    (url.length === POSTBACK_PATH.length || url.charCodeAt(POSTBACK_PATH.length) === 63) /* ? */
  );
}

/** A GET of `/postback` within the URL limit, announcing no body. */
function isPlainGet(request: RawRequest): boolean {
  const url = request.url ?? '';
  return (
    request.method === 'GET' &&
    isPostbackUrl(url) &&
    url.length <= MAX_URL_LENGTH &&
    request.headers['transfer-encoding'] === undefined &&
    (request.headers['content-length'] === undefined || request.headers['content-length'] === '0')
  );
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ACCEPTED_SAMPLE: PostbackAnswer = { statusCode: 200, body: { status: 'accepted', id: '' } };

/** The answer of an accepted postback, the usual one: its headers made once, its body by template. */
const ACCEPTED_HEADERS: HeaderList = Object.freeze(
  Object.entries({ 'content-type': JSON_TYPE, ...answerHeaders(ACCEPTED_SAMPLE) }).flat(),
);

export function rawAnswerOf(answer: PostbackAnswer): RawAnswer {
  if (answer.statusCode === 200)
    return {
      statusCode: 200,
      headers: ACCEPTED_HEADERS,
      // The same text as JSON.stringify(answer.body), in the same key order.
      body: `{"status":"accepted","id":${JSON.stringify(answer.body.id)}}`,
    };
  return {
    statusCode: answer.statusCode,
    // answerHeaders never sets a content type; spread last (see ReceivePostbackService.receive).
    headers: { 'content-type': JSON_TYPE, ...answerHeaders(answer) },
    body: JSON.stringify(answer.body),
  };
}

export function sendAnswer(reply: FastifyReply, answer: PostbackAnswer): FastifyReply {
  return sendRawAnswer(reply, rawAnswerOf(answer));
}
