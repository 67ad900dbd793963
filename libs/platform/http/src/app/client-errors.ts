import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { errorBody } from '../errors/error-body';

/** What Node reports on a connection before Fastify sees a request (see `clientError` in node:http). */
export type ClientError = Error & { readonly code?: string };

/** Answers a client error on the raw socket, then closes it: Fastify's `clientErrorHandler`. */
export type ClientErrorHandler = (error: ClientError, socket: Duplex) => void;

/**
 * The status of a client error: 408 for a request that took longer than the request or header
 * timeout, 431 for a request line plus headers over Node's limit (an overlong URL included: the
 * parser cannot tell them apart), 400 for anything else it could not parse.
 * See https://fastify.dev/docs/latest/Reference/Server/#clienterrorhandler
 */
export function clientErrorStatus(error: ClientError): 400 | 408 | 431 {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

/** Nothing to answer: the peer is gone. */
export const peerGone = (error: ClientError, socket: Duplex): boolean =>
  error.code === 'ECONNRESET' || socket.destroyed || !socket.writable;

/** Writes one complete JSON answer on a raw socket and closes it (no keep-alive after a client error). */
export function writeRawAnswer(
  socket: Duplex,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (socket.destroyed || !socket.writable) return;
  const payload = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${String(status)} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${String(Buffer.byteLength(payload))}`,
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${payload}`);
  // A peer that keeps trickling must not keep the socket: destroy once our answer is flushed.
  socket.once('finish', () => socket.destroy());
}

const CODES = {
  400: 'http.bad-request',
  408: 'http.request-timeout',
  431: 'http.headers-too-large',
} as const;
const MESSAGES = {
  400: 'Malformed HTTP request',
  408: 'Request not received in time',
  431: 'Request line and headers too large',
} as const;

/** Every service's default: the one ErrorBody shape, as for any other error. */
export const answerClientError: ClientErrorHandler = (error, socket) => {
  if (peerGone(error, socket)) return;
  const status = clientErrorStatus(error);
  writeRawAnswer(socket, status, errorBody(CODES[status], MESSAGES[status]));
};
