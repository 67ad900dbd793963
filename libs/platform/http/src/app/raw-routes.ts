import { Buffer } from 'node:buffer';
import {
  createServer,
  maxHeaderSize,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { CORRELATION_ID_HEADER } from '@clickledger/platform-observability';
import { correlationIdOf } from './correlation.hooks';
import { LaneConnection, type LaneHost, type LaneRequest } from './hot-lane';
import { HOT_ROUTE_CONFIG } from './hot-route';
import { closeIdleConnections, idleSweepEveryMs } from './idle-connections';
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
 * What a raw route reads of a request: node:http's IncomingMessage, or a request of the hot lane
 * (hot-lane.ts), which has these parts only.
 */
export type RawRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'socket'>;

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
  accepts(request: RawRequest): boolean;
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
  readonly request: RawRequest;
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
  private readonly laneConnections = new Set<LaneConnection<RawRoute>>();
  /** The end of a lane answer's head, after Date: keep-alive, as node:http writes it. */
  private keepAliveHead = '';
  /** The hot lane's view of the routes: the first that accepts a request, while open. */
  private readonly lane: LaneHost<RawRoute> = {
    routeFor: (request: LaneRequest) => {
      if (this.closing) return undefined;
      for (const route of this.routes) if (route.accepts(request)) return route;
      return undefined;
    },
    answer: (route, request, deliver) => {
      this.run(route, request, (id) => new LaneExchange(this, route, request, id, deliver));
    },
    broken: (error) => {
      this.logger?.error({ err: error }, 'hot lane failed: connection closed', 'RawRoutes');
    },
  };
  private durations: HttpDurations | undefined;
  private logger: Logger | undefined;

  /** Fastify's `serverFactory`: Node's server with the bounds Fastify would have set itself. */
  serverFactory(limits: {
    readonly http: ServerOptions;
    readonly keepAliveTimeout: number;
    readonly requestTimeout: number;
    readonly connectionTimeout: number;
    readonly maxRequestsPerSocket: number;
    /** HTTP_HOT_LANE: plain requests of the raw routes read on the socket (hot-lane.ts). */
    readonly hotLane?: boolean;
  }): (fastify: RequestListener) => Server {
    return (fastify) => {
      const server = createServer(limits.http, this.listener(fastify));
      server.keepAliveTimeout = limits.keepAliveTimeout;
      server.requestTimeout = limits.requestTimeout;
      // Not server.setTimeout: Node re-arms that timer at every request (see closeIdleConnections).
      closeIdleConnections(server, limits.connectionTimeout);
      if (limits.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
      else if (limits.hotLane === true)
        this.takeConnections(server, limits.http.maxHeaderSize ?? maxHeaderSize, limits.keepAliveTimeout);
      return server;
    };
  }

  /**
   * New connections start on the hot lane; node:http's own connection listener takes one over
   * when the lane hands it on (hot-lane.ts). Node names that listener `connectionListener`.
   */
  private takeConnections(server: Server, maxHeaderBytes: number, keepAliveMs: number): void {
    const nodeHttp = server
      .listeners('connection')
      .find((listener) => listener.name === 'connectionListener');
    if (nodeHttp === undefined) return;
    this.keepAliveHead = `Connection: keep-alive\r\nKeep-Alive: timeout=${String(Math.floor(keepAliveMs / 1000))}\r\n\r\n`;
    server.removeListener('connection', nodeHttp);
    const handOver = (socket: Socket): void => {
      Reflect.apply(nodeHttp, server, [socket]);
    };
    const done = (connection: LaneConnection<RawRoute>): void => {
      this.laneConnections.delete(connection);
    };
    server.on('connection', (socket: Socket) => {
      if (this.closing) handOver(socket);
      else
        this.laneConnections.add(new LaneConnection(socket, this.lane, { maxHeaderBytes }, handOver, done));
    });
    // HTTP_KEEP_ALIVE_TIMEOUT_MS, as node:http applies it: a connection with no answer due and no
    // byte moved for that long is closed. A sweep, not a timer re-armed per request.
    const sweep = setInterval(() => {
      const now = Date.now();
      for (const connection of this.laneConnections) connection.closeIfIdle(now, keepAliveMs);
    }, idleSweepEveryMs(keepAliveMs));
    sweep.unref();
    server.once('close', () => {
      clearInterval(sweep);
    });
  }

  /** Bound once the app exists: the HTTP duration metric and the logger for unexpected errors. */
  bind(durations: HttpDurations, logger: Logger): void {
    this.durations = durations;
    this.logger = logger;
  }

  add(route: RawRoute): void {
    this.routes.push(route);
  }

  /**
   * From Fastify's preClose: in-flight answers finish, new requests get Fastify's 503. The lane's
   * connections end once their answers are out (node:http's own idle ones are closed by its server).
   */
  close(): void {
    this.closing = true;
    for (const connection of this.laneConnections) connection.close();
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
    this.run(route, request, (id) => new NodeExchange(this, route, request, response, id));
  }

  /**
   * Opens the request's exchange (with its correlation id) and has the route answer it: whatever
   * the route throws is the exchange's `fail`; a failure before there is an exchange closes the
   * connection.
   */
  private run(route: RawRoute, request: RawRequest, open: (correlationId: string) => OnceExchange): void {
    let exchange: OnceExchange | undefined;
    try {
      exchange = open(correlationIdOf(request));
      route.answer(exchange);
    } catch (error) {
      if (exchange) exchange.fail(error);
      else {
        this.failed(error, 'unknown', route);
        request.socket.destroy();
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
        // And the status text it kept ("500 Found" otherwise: writeHead keeps a text once set).
        response.statusMessage = '';
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

  /**
   * A lane answer's bytes, as node:http would write them for the same answer (the same checks of
   * each header, Date, keep-alive, no body for HEAD). Never throws: as `finish`.
   */
  finishOnLane(exchange: LaneExchange, answer: RawAnswer): string | Buffer {
    const { route, request, correlationId } = exchange;
    let bytes: string | Buffer;
    try {
      bytes = laneBytes(answer, correlationId, request.method === 'HEAD', this.keepAliveHead);
    } catch (error) {
      this.failed(error, correlationId, route);
      answer = INTERNAL_ERROR;
      bytes = laneBytes(answer, correlationId, request.method === 'HEAD', this.keepAliveHead);
    }
    this.durations?.observe(
      request.method,
      route.url,
      answer.statusCode,
      (performance.now() - exchange.started) / 1000,
    );
    return bytes;
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

/** A request of a raw route, answered once: the first `reply` or `fail` counts. */
abstract class OnceExchange implements RawExchange {
  /** For the duration metric: a double, not a BigInt per request (process.hrtime.bigint). */
  readonly started = performance.now();
  private answered = false;

  constructor(
    protected readonly routes: RawRoutes,
    readonly route: RawRoute,
    readonly correlationId: string,
  ) {}

  abstract get request(): RawRequest;

  reply(answer: RawAnswer): void {
    if (this.answered) return;
    this.answered = true;
    this.finish(answer);
  }

  /** Logged even once answered (a route that throws after replying has a bug to see). */
  fail(error: unknown): void {
    this.routes.failed(error, this.correlationId, this.route);
    this.reply(INTERNAL_ERROR);
  }

  protected abstract finish(answer: RawAnswer): void;
}

/** A raw-entry request (node:http's request event): written by RawRoutes.finish. */
class NodeExchange extends OnceExchange {
  constructor(
    routes: RawRoutes,
    route: RawRoute,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    correlationId: string,
  ) {
    super(routes, route, correlationId);
  }

  protected finish(answer: RawAnswer): void {
    this.routes.finish(this, answer);
  }
}

/** A request of the hot lane: its bytes made by RawRoutes.finishOnLane, handed to the lane. */
class LaneExchange extends OnceExchange {
  constructor(
    routes: RawRoutes,
    route: RawRoute,
    readonly request: LaneRequest,
    correlationId: string,
    private readonly deliver: (bytes: string | Buffer) => void,
  ) {
    super(routes, route, correlationId);
  }

  protected finish(answer: RawAnswer): void {
    this.deliver(this.routes.finishOnLane(this, answer));
  }
}

/**
 * Status, headers (with an explicit length: keep-alive for HTTP/1.0 clients too) and body. The
 * headers go to Node as one flat list (name, value, name, value…), which it writes in order
 * without copying them or checking each name is an own property.
 */
function write(response: ServerResponse, answer: RawAnswer, correlationId: string): void {
  response.writeHead(answer.statusCode, headersToWrite(answer, correlationId));
  response.end(answer.body);
}

/** The answer's headers as a flat list, then its Content-Length and the correlation id. */
function headersToWrite(answer: RawAnswer, correlationId: string): OutgoingHttpHeader[] {
  const given = answer.headers;
  const headers: OutgoingHttpHeader[] = isHeaderList(given) ? given.slice() : headerListOf(given);
  headers.push(
    'content-length',
    answer.body === undefined ? 0 : Buffer.byteLength(answer.body),
    CORRELATION_ID_HEADER,
    correlationId,
  );
  return headers;
}

/**
 * The bytes node:http writes for `answer` on a keep-alive connection (write() above, then Node's
 * own Date, Connection and Keep-Alive): the status line, each header checked as Node checks it
 * (an invalid name or value throws as writeHead would), the body unless the request was HEAD. The
 * head goes out as latin1 on its own, or, with a body, as UTF-8 with it, as node:http sends them.
 */
function laneBytes(
  answer: RawAnswer,
  correlationId: string,
  head: boolean,
  keepAliveHead: string,
): string | Buffer {
  const headers = headersToWrite(answer, correlationId);
  let text = `HTTP/1.1 ${String(answer.statusCode)} ${STATUS_CODES[answer.statusCode] ?? 'unknown'}\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = String(headers[i]);
    const value = headers[i + 1];
    validateHeaderName(name);
    if (Array.isArray(value)) for (const item of value as unknown[]) text += headerLine(name, item);
    else text += headerLine(name, value);
  }
  text += `Date: ${utcDate()}\r\n${keepAliveHead}`;
  const body = head ? undefined : answer.body;
  if (body === undefined || body === '') return text;
  text += body;
  return Buffer.byteLength(text) === text.length ? text : Buffer.from(text, 'utf8');
}

/** One header line, its value checked as writeHead checks it (throws ERR_INVALID_CHAR). */
function headerLine(name: string, value: unknown): string {
  const text = String(value);
  validateHeaderValue(name, text);
  return `${name}: ${text}\r\n`;
}

/** The Date header's value for this second, made once a second (as node:http caches it). */
function utcDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
let dateSecond = -1;
let dateText = '';

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
