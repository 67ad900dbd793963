import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Level, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import {
  correlationIdFromHeaders,
  currentCorrelationId,
  newCorrelationId,
} from '../correlation/correlation-context';
import { REDACT_PATHS, REDACTED, redactUrl } from './redaction';

/** `off`: no per-request log line; otherwise the level of the line logged when a response ends. */
export type RequestLogging = 'off' | 'debug' | 'info';

export interface LoggingOptions {
  /** Service name, on every line as `service`. */
  readonly service: string;
  readonly level: Level | 'silent';
  /**
   * Per-request completion lines. Default `debug`: invisible at the usual `info` level, so hot
   * paths (the redirect) pay nothing for them; turn on with LOG_LEVEL=debug when diagnosing.
   */
  readonly requestLogging?: RequestLogging;
  /** URL prefixes never logged per request (probes and scrapes). */
  readonly quietRoutes?: readonly string[];
  /**
   * Hot routes (Nest paths such as `/postback`, `/c/:key`) that skip the request logger entirely:
   * no per-request child logger is built, which is a measurable share of a redirect's cost.
   * Lines logged while serving them still carry the correlation id (through the mixin).
   */
  readonly hotRoutes?: readonly string[];
  /** Where lines go; stdout when omitted (tests pass a stream to read them back). */
  readonly destination?: DestinationStream;
}

const DEFAULT_QUIET_ROUTES = ['/health', '/metrics'];
const CHINDINGS = pino.symbols.chindingsSym;

/**
 * Adds the current correlation id to every line, unless the logger already binds it (pino-http's
 * per-request child does), so a line never carries the key twice.
 */
function correlationMixin(_merge: object, _level: number, logger: unknown): object {
  const correlationId = currentCorrelationId();
  if (correlationId === undefined) return {};
  const bindings = (logger as Record<symbol, unknown>)[CHINDINGS];
  if (typeof bindings === 'string' && bindings.includes('"correlationId":')) return {};
  return { correlationId };
}

/** Options for a plain pino logger (scripts, consumers outside HTTP) with the same shape. */
export function pinoOptions(options: Pick<LoggingOptions, 'service' | 'level'>): LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    mixin: correlationMixin,
  };
}

interface SerializedRequest {
  readonly method?: string;
  readonly url?: string;
}

export function pinoHttpOptions(options: LoggingOptions): PinoHttpOptions {
  const requestLevel = options.requestLogging ?? 'debug';
  const quietRoutes = options.quietRoutes ?? DEFAULT_QUIET_ROUTES;
  return {
    ...pinoOptions(options),
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'correlationId' },
    genReqId: (req: IncomingMessage) =>
      // Node lower-cases a request's header names.
      currentCorrelationId() ?? correlationIdFromHeaders(req.headers, true) ?? newCorrelationId(),
    autoLogging:
      requestLevel === 'off'
        ? false
        : {
            ignore: (req: IncomingMessage) => quietRoutes.some((route) => (req.url ?? '').startsWith(route)),
          },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error !== undefined || res.statusCode >= 500
        ? 'error'
        : requestLevel === 'off'
          ? 'silent'
          : requestLevel,
    // Only what is useful and safe: no headers (cookies, authorization), secrets masked in URLs.
    serializers: {
      req: (req: SerializedRequest) => ({ method: req.method, url: redactUrl(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
}
