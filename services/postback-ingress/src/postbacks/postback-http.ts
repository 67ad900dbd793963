import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpEnv } from '@clickledger/platform-config';
import {
  clientErrorStatus,
  ClientIpResolver,
  ErrorResponseFilter,
  normalizeIp,
  peerGone,
  toErrorResponse,
  writeRawAnswer,
  type ClientErrorHandler,
  type HttpServiceApp,
  UNKNOWN_IP,
} from '@clickledger/platform-http';
import { currentCorrelationId } from '@clickledger/platform-observability';
import type { RequestRejectionReason } from '@clickledger/tracking';
import { readPostbackBodies } from './postback-body';
import { answerHeaders } from './postback-outcome';
import { emptyParams, postbackParams } from './postback-params';
import { ReceivePostbackService, type UnreadRequest } from './receive-postback.service';
import { installPostbackRoute, isPostbackUrl, MAX_URL_LENGTH, sendAnswer } from './postback.route';

const ANSWERED_METHODS = new Set(['GET', 'POST']);

/** What an HTTP status of a request refused before the handler means for the postback log. */
const REFUSALS: Readonly<Partial<Record<number, RequestRejectionReason>>> = {
  400: 'malformed-body',
  405: 'method-not-allowed',
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  431: 'headers-too-large',
};

const MESSAGES: Readonly<Record<RequestRejectionReason, string>> = {
  'malformed-body': 'the request body cannot be read',
  'body-too-large': 'the request body is too large',
  'unsupported-media-type': 'the request body has a type or coding that is not read',
  'headers-too-large': 'the request line and headers are too large',
  'uri-too-long': 'the URL is too long',
  'method-not-allowed': 'use GET or POST',
};

/**
 * Everything about `/postback` that happens around the controller, so that every answer has the
 * contract's JSON shape and an id naming its postback-log entry (CONTRACT §4):
 * - HEAD answers 200 and records nothing (Fastify would run the GET handler for it);
 * - any other method than GET/POST/HEAD: 405 with `Allow`; a URL over 8 KiB: 414;
 * - bodies are read by `readPostbackBodies` (text/plain as a form, malformed JSON: 400);
 * - what Fastify refuses itself (413 body too large, a bad content length) through `PostbackErrorFilter`;
 * - what Node refuses before there is a request (431) through `postbackClientErrors`.
 */
export function configurePostbackHttp(app: HttpServiceApp): void {
  const fastify = app.getHttpAdapter().getInstance();
  const receive = app.get(ReceivePostbackService);
  const clientIp = new ClientIpResolver(app.get(HttpEnv).TRUSTED_PROXIES);
  readPostbackBodies(fastify);
  installPostbackRoute(app);
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isPostbackUrl(request.raw.url)) return;
    if (request.method === 'HEAD') {
      await reply.code(200).header('cache-control', 'no-store').type('application/json').send();
      return reply;
    }
    const tooLong = (request.raw.url?.length ?? 0) > MAX_URL_LENGTH ? 414 : undefined;
    const status = tooLong ?? (ANSWERED_METHODS.has(request.method) ? undefined : 405);
    if (status === undefined) return;
    return sendAnswer(reply, await receive.refuse(unreadRequest(request, clientIp.of(request.raw), status)));
  });
  app.useGlobalFilters(new PostbackErrorFilter(app.get(HttpAdapterHost), receive, clientIp));
}

function unreadRequest(
  request: FastifyRequest,
  sourceIp: string,
  statusCode: UnreadRequest['statusCode'],
): UnreadRequest {
  const reason = REFUSALS[statusCode] ?? 'malformed-body';
  return {
    // What could be read: the query string, so the log entry names the click when the URL had it.
    params: postbackParams(request.raw.url),
    sourceIp,
    correlationId: currentCorrelationId() ?? request.id,
    statusCode,
    reason,
    message: MESSAGES[reason],
  };
}

/**
 * Errors Fastify raises before the handler (body over the limit: 413; a content length that does
 * not match: 400) become contract answers with a log entry on `/postback`; other routes keep the
 * platform's error shape.
 */
@Catch()
export class PostbackErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PostbackErrorFilter.name);
  private readonly fallback: ErrorResponseFilter;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly receive: ReceivePostbackService,
    private readonly clientIp: ClientIpResolver,
  ) {
    this.fallback = new ErrorResponseFilter(adapterHost);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status } = toErrorResponse(exception);
    if (!isPostbackUrl(request.raw.url) || status >= 500) {
      this.fallback.catch(exception, host);
      return;
    }
    const refused = (REFUSALS[status] === undefined ? 400 : status) as UnreadRequest['statusCode'];
    this.receive
      .refuse(unreadRequest(request, this.clientIp.of(request.raw), refused))
      .then((answer) => sendAnswer(reply, answer))
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'could not answer a refused postback');
        this.fallback.catch(error, host);
      });
  }
}

/** 431 (and other unparsable requests) on the raw socket, in the contract's shape, logged. */
export function postbackClientErrors(app: HttpServiceApp): ClientErrorHandler {
  const receive = app.get(ReceivePostbackService);
  return (error, socket) => {
    if (peerGone(error, socket)) return;
    const status = clientErrorStatus(error);
    if (status === 408) {
      // A client too slow to finish its request: it gets no id, as nothing of it was read.
      writeRawAnswer(socket, 408, { status: 'rejected', message: 'request not received in time' });
      return;
    }
    const remote = normalizeIp((socket as { remoteAddress?: string }).remoteAddress ?? '') ?? UNKNOWN_IP;
    const statusCode = status === 431 ? 431 : 400;
    const reason = REFUSALS[statusCode] ?? 'malformed-body';
    void receive
      .refuse({ params: emptyParams(), sourceIp: remote, statusCode, reason, message: MESSAGES[reason] })
      .then((answer) => {
        writeRawAnswer(socket, answer.statusCode, answer.body, answerHeaders(answer));
      })
      .catch(() => socket.destroy());
  };
}
