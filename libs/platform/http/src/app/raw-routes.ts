import { Buffer } from 'node:buffer';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { CORRELATION_ID_HEADER } from '@clickledger/platform-observability';
import { correlationIdOf } from './correlation.hooks';
import { HOT_ROUTE_CONFIG } from './hot-route';
import { closeIdleConnections } from './idle-connections';
import type { HttpDurations } from './http-metrics.hooks';
import type { HttpServiceApp } from './http-service.options';
import { errorBody } from '../errors/error-body';

/** What a hot route answers: written as is by its raw entry and by its Fastify entry alike. */
export interface RawAnswer {
  readonly statusCode: number;
  /**
   * Not `content-length` nor the correlation id: the raw entry adds those itself. A flat list
   * (name, value, name, value…) is what the raw entry hands Node; an object is walked key by key
   * first (a megamorphic lookup per header), so the hot answers give lists.
   */
  readonly headers: OutgoingHttpHeaders | HeaderList;
  /** Absent: no body (a redirect, or any answer to HEAD). */
  readonly body?: string;
}

/**
 * A hot route (the redirect, the postback) answered from Node's own request event, before Fastify
 * and Nest see the request: measured on the redirect, Fastify's routing, hooks and reply plus
 * Nest's middleware runner cost about as much CPU per request as the reference's whole Kafka round
 * trip (issue 19). The same `answer` also serves the route registered on Fastify, so `inject()`
 * and whatever the raw entry leaves alone (see `accepts`) get the same answers.
 */
export interface RawRoute {
  /** Fastify's route for it: methods and URL template (also the `route` label of the HTTP metric). */
  readonly method: HTTPMethods | HTTPMethods[];
  readonly url: string;
  /**
   * Synchronous and cheap, on every request: true when the request is this route's and plain
   * enough to answer raw; false leaves it to Fastify (another method, a percent-encoded path, …).
   */
  accepts(request: IncomingMessage): boolean;
  /**
   * Answers `exchange` once, through its `reply` or `fail`, now or later (a throw counts as `fail`).
   * `routed` is what Fastify's router and parsers made of the request on the Fastify entry (path
   * parameters, query, body); undefined on the raw entry, where the URL is all there is. Callbacks,
   * not a promise: the promises and awaits between the handler and the answer cost the redirect
   * about half a microsecond of CPU (issue 19).
   */
  answer(exchange: RawExchange, routed?: RoutedRequest): void;
}

/** One request of a raw route, answered once: the first `reply` or `fail` counts. */
export interface RawExchange {
  readonly request: IncomingMessage;
  /** The request's id: its `x-correlation-id`, or a new one. */
  readonly correlationId: string;
  reply(answer: RawAnswer): void;
  /** Logged with the request's id and answered 500. */
  fail(error: unknown): void;
}

/** Header names and values in turn: `['cache-control', 'no-store', 'location', url]`. */
export type HeaderList = readonly OutgoingHttpHeader[];

/** The request as Fastify routed and parsed it (the Fastify entry of a raw route). */
export interface RoutedRequest {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

interface Logger {
  error(details: object, message: string, context: string): void;
}

/**
 * The service's node:http server (Fastify's `serverFactory`): requests a raw route accepts are
 * answered by it; every other request, and every request once the app is closing (Fastify then
 * answers 503), goes to Fastify. Fastify still attaches its client-error handler to this server.
 */
export class RawRoutes {
  private readonly routes: RawRoute[] = [];
  private closing = false;
  private durations: HttpDurations | undefined;
  private logger: Logger | undefined;

  /** Fastify's `serverFactory`: Node's server with the bounds Fastify would have set itself. */
  serverFactory(limits: {
    readonly http: ServerOptions;
    readonly keepAliveTimeout: number;
    readonly requestTimeout: number;
    readonly connectionTimeout: number;
    readonly maxRequestsPerSocket: number;
  }): (fastify: RequestListener) => Server {
    return (fastify) => {
      const server = createServer(limits.http, this.listener(fastify));
      server.keepAliveTimeout = limits.keepAliveTimeout;
      server.requestTimeout = limits.requestTimeout;
      // Not server.setTimeout: Node re-arms that timer at every request (see closeIdleConnections).
      closeIdleConnections(server, limits.connectionTimeout);
      if (limits.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
      return server;
    };
  }

  /** Bound once the app exists: the HTTP duration metric and the logger for unexpected errors. */
  bind(durations: HttpDurations, logger: Logger): void {
    this.durations = durations;
    this.logger = logger;
  }

  add(route: RawRoute): void {
    this.routes.push(route);
  }

  /** From Fastify's preClose: in-flight answers finish, new requests get Fastify's 503. */
  close(): void {
    this.closing = true;
  }

  private listener(fastify: RequestListener): RequestListener {
    return (request, response) => {
      if (!this.closing)
        for (const route of this.routes)
          if (route.accepts(request)) {
            this.answer(route, request, response);
            return;
          }
      fastify(request, response);
    };
  }

  /** Whatever the route throws is its exchange's `fail`: logged and answered 500. */
  private answer(route: RawRoute, request: IncomingMessage, response: ServerResponse): void {
    let exchange: NodeExchange | undefined;
    try {
      exchange = new NodeExchange(this, route, request, response, correlationIdOf(request));
      route.answer(exchange);
    } catch (error) {
      if (exchange) exchange.fail(error);
      else {
        this.failed(error, 'unknown', route);
        response.destroy();
      }
    }
  }

  /**
   * Writes a raw-entry answer. Never throws: whatever fails is logged and answered 500 (or, once
   * headers are out, or when even the 500 cannot be written, the socket is closed).
   */
  finish(exchange: NodeExchange, answer: RawAnswer): void {
    const { route, request, response, correlationId } = exchange;
    try {
      if (response.headersSent || response.destroyed) return;
      try {
        write(response, answer, correlationId);
      } catch (error) {
        // A header Node refuses (e.g. a non-ASCII location): Fastify answered these 500 too.
        this.failed(error, correlationId, route);
        // Nothing went out (headers leave with end()), but writeHead may have kept the headers it
        // set before the one it refused.
        for (const name of response.getHeaderNames()) response.removeHeader(name);
        write(response, INTERNAL_ERROR, correlationId);
        answer = INTERNAL_ERROR;
      }
      this.durations?.observe(
        request.method ?? 'GET',
        route.url,
        answer.statusCode,
        (performance.now() - exchange.started) / 1000,
      );
    } catch (error) {
      this.failed(error, correlationId, route);
      response.destroy();
    }
  }

  /** Logs what failed on a route (NodeExchange.fail, finish). */
  failed(error: unknown, correlationId: string, route: RawRoute): void {
    this.logger?.error(
      { err: error, correlationId, route: route.url },
      'hot route failed: answered 500',
      'RawRoutes',
    );
  }
}

/** A raw-entry request: answered once, by RawRoutes.finish. */
class NodeExchange implements RawExchange {
  /** For the duration metric: a double, not a BigInt per request (process.hrtime.bigint). */
  readonly started = performance.now();
  private answered = false;

  constructor(
    private readonly routes: RawRoutes,
    readonly route: RawRoute,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly correlationId: string,
  ) {}

  reply(answer: RawAnswer): void {
    if (this.answered) return;
    this.answered = true;
    this.routes.finish(this, answer);
  }

  /** Logged even once answered (a route that throws after replying has a bug to see). */
  fail(error: unknown): void {
    this.routes.failed(error, this.correlationId, this.route);
    this.reply(INTERNAL_ERROR);
  }
}

/**
 * Status, headers (with an explicit length: keep-alive for HTTP/1.0 clients too) and body. The
 * headers go to Node as one flat list (name, value, name, value…), which it writes in order
 * without copying them or checking each name is an own property.
 */
function write(response: ServerResponse, answer: RawAnswer, correlationId: string): void {
  const given = answer.headers;
  const headers: OutgoingHttpHeader[] = isHeaderList(given) ? given.slice() : headerListOf(given);
  headers.push(
    'content-length',
    answer.body === undefined ? 0 : Buffer.byteLength(answer.body),
    CORRELATION_ID_HEADER,
    correlationId,
  );
  response.writeHead(answer.statusCode, headers);
  response.end(answer.body);
}

const isHeaderList = (headers: OutgoingHttpHeaders | HeaderList): headers is HeaderList =>
  Array.isArray(headers);

/** An answer's headers as a flat list, the ones set to undefined left out. */
function headerListOf(headers: OutgoingHttpHeaders): OutgoingHttpHeader[] {
  const list: OutgoingHttpHeader[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) list.push(name, value);
  }
  return list;
}

/** An answer's headers as an object (what Fastify's reply takes). */
export function headerObjectOf(headers: OutgoingHttpHeaders | HeaderList): OutgoingHttpHeaders {
  if (!isHeaderList(headers)) return headers;
  const object: OutgoingHttpHeaders = {};
  for (let i = 0; i + 1 < headers.length; i += 2) object[String(headers[i])] = headers[i + 1];
  return object;
}

const INTERNAL_ERROR_BODY = JSON.stringify(errorBody('internal', 'Internal server error'));
const INTERNAL_ERROR: RawAnswer = {
  statusCode: 500,
  headers: { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' },
  body: INTERNAL_ERROR_BODY,
};

/**
 * Serves `route` from the raw request event and from Fastify (a hot route: no Nest pipeline, no
 * per-request context), with one answer for both.
 */
export function installRawRoute(app: HttpServiceApp, route: RawRoute): void {
  app.get(RawRoutes).add(route);
  app
    .getHttpAdapter()
    .getInstance()
    .route({
      method: route.method,
      url: route.url,
      config: HOT_ROUTE_CONFIG,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const routed = { params: request.params, query: request.query, body: request.body };
        const answer = await new Promise<RawAnswer>((resolve, reject) => {
          route.answer(
            { request: request.raw, correlationId: request.id, reply: resolve, fail: reject },
            routed,
          );
        });
        return sendRawAnswer(reply, answer);
      },
    });
}

/** A raw route's answer written through Fastify (its Fastify entry, or a hook answering for it). */
export function sendRawAnswer(reply: FastifyReply, answer: RawAnswer): FastifyReply {
  return reply.code(answer.statusCode).headers(headerObjectOf(answer.headers)).send(answer.body);
}
