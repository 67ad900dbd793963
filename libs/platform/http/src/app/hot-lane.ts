import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The hot lane: plain requests of the hot routes (the redirect, the postback) read off the socket
 * and answered on it, without node:http's per-request objects (a request stream, a response stream,
 * their events, the answer's head built header by header). Measured on the click bench, that work
 * was 3–4 µs of CPU of a redirect's 22–25, more than the whole gap to the bar (issue 19;
 * `npm run bench -- http-floor` prints node:http's share on the machine at hand).
 *
 * The lane reads only a strict subset of HTTP/1.1: `GET` or `HEAD`, a request-target of visible
 * ASCII, `HTTP/1.1`, header lines `name: value` with a token for a name and no control character
 * in the value, each name once, a Host, no body framing (Content-Length, Transfer-Encoding), no
 * Expect or Upgrade, Connection absent or `keep-alive`, the whole head in what has arrived. The
 * first request of a connection outside that subset, or one its route does not accept, hands the
 * connection, from that request on, to node:http for good (once the lane's answers on it are
 * written): so every request the lane answers is one node:http would read the same way, and the
 * rest is read by node:http, its limits and timeouts. A property test holds the two to the same
 * answers for any request bytes.
 */

/** What the hot routes read of a request (the parts of node:http's IncomingMessage they use). */
export interface LaneRequest {
  readonly method: 'GET' | 'HEAD';
  readonly url: string;
  /** Lower-case names, values as node:http gives them (an ordinary object, as node:http's). */
  readonly headers: IncomingHttpHeaders;
  readonly socket: Socket;
}

/** What the lane needs of its server: which route answers a request, and answering it. */
export interface LaneHost<Route> {
  /** The route that answers `request` on the lane, or undefined: node:http takes the connection. */
  routeFor(request: LaneRequest): Route | undefined;
  /** Answers `request`; `deliver` is called once with the answer's bytes (head and body). */
  answer(route: Route, request: LaneRequest, deliver: (bytes: string | Buffer) => void): void;
  /** Logs a fault of the lane itself (a bug): its connection is closed, the process goes on. */
  broken(error: unknown): void;
}

export interface LaneLimits {
  /** node:http's `maxHeaderSize` (16 KiB unless set): a longer head goes to node:http (431). */
  readonly maxHeaderBytes: number;
}

const HEAD_END = '\r\n\r\n';
/** Requests a connection may have waiting for their answers before the lane stops reading it. */
const MAX_WAITING = 256;
/** More header lines than this go to node:http (a browser sends about a dozen). */
const MAX_HEADER_LINES = 100;

/**
 * One connection on the lane. Answers go out in the order their requests came (pipelining), each
 * written once it and every earlier one are ready.
 */
export class LaneConnection<Route> {
  /** Bytes (as latin1) after the last request read: the start of the next head. */
  private unread = '';
  private readonly waiting: { bytes: string | Buffer | undefined }[] = [];
  /** Set once node:http is to take the connection (handed over when `waiting` is empty). */
  private leaving = false;
  /** Set once the client has ended its side: the connection ends once the answers are out. */
  private ended = false;
  private closing = false;
  /** For closeIfIdle: the byte count last seen, and since when it has not moved. */
  private bytesSeen = 0;
  private quietSince = Date.now();

  constructor(
    private readonly socket: Socket,
    private readonly host: LaneHost<Route>,
    private readonly limits: LaneLimits,
    /** Gives the connection to node:http (its connection listener). */
    private readonly handOver: (socket: Socket) => void,
    private readonly onDone: (connection: LaneConnection<Route>) => void,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.once('close', () => {
      this.onDone(this);
    });
  }

  /**
   * Closes the connection when it has waited for a request, with no answer due and no byte moved,
   * for `idleMs` (the keep-alive timeout) as of `now`: called by the server's sweep.
   */
  closeIfIdle(now: number, idleMs: number): void {
    const bytes = this.socket.bytesRead + this.socket.bytesWritten;
    if (bytes !== this.bytesSeen || this.waiting.length > 0 || this.leaving) {
      this.bytesSeen = bytes;
      this.quietSince = now;
    } else if (now - this.quietSince >= idleMs) this.socket.destroy();
  }

  /** The server is closing: an idle connection ends now, a busy one once its answers are out. */
  close(): void {
    this.closing = true;
    if (this.waiting.length === 0 && !this.leaving) this.socket.end();
  }

  private readonly onData = (chunk: Buffer): void => {
    this.unread += chunk.toString('latin1');
    try {
      this.readRequests();
    } catch (error) {
      this.host.broken(error);
      this.socket.destroy();
    }
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    // A head cut short by the client's end: nothing to answer (node:http would answer 400).
    this.unread = '';
    if (this.waiting.length === 0) this.socket.end();
  };

  /** A reset or a failed write: the client is gone, and so are the answers it waited for. */
  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onDrain = (): void => {
    if (!this.leaving && this.waiting.length < MAX_WAITING) {
      this.socket.resume();
      this.readRequests();
    }
  };

  private readRequests(): void {
    while (!this.leaving && !this.closing) {
      if (this.waiting.length >= MAX_WAITING || this.socket.writableNeedDrain) {
        this.socket.pause();
        return;
      }
      const end = this.unread.indexOf(HEAD_END);
      if (end < 0 || end > this.limits.maxHeaderBytes) {
        if (this.unread.length > 0) this.leave();
        return;
      }
      const request = plainRequest(this.unread.slice(0, end), this.socket);
      const route = request === undefined ? undefined : this.host.routeFor(request);
      if (request === undefined || route === undefined) {
        this.leave();
        return;
      }
      this.unread = this.unread.slice(end + HEAD_END.length);
      const slot: { bytes: string | Buffer | undefined } = { bytes: undefined };
      this.waiting.push(slot);
      this.host.answer(route, request, (bytes) => {
        if (slot.bytes !== undefined) return;
        slot.bytes = bytes;
        this.writeReady();
      });
    }
  }

  /** Writes the answers that are ready, in order; then ends or hands over when nothing waits. */
  private writeReady(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    let ready = 0;
    while (ready < this.waiting.length && this.waiting[ready].bytes !== undefined) ready++;
    if (ready === 0) return;
    // Several answers at once (pipelined requests) leave in one write.
    if (ready > 1) socket.cork();
    for (let i = 0; i < ready; i++) {
      const bytes = this.waiting[i].bytes;
      if (typeof bytes === 'string') socket.write(bytes, 'latin1');
      else if (bytes !== undefined) socket.write(bytes);
    }
    if (ready > 1) socket.uncork();
    if (ready === this.waiting.length) this.waiting.length = 0;
    else this.waiting.splice(0, ready);
    if (this.waiting.length > 0) return;
    if (this.ended || this.closing) socket.end();
    else if (this.leaving) this.leaveNow();
    else if (socket.isPaused() && !socket.writableNeedDrain) this.onDrain();
  }

  /** node:http takes the connection from the next unread request on, once the answers are out. */
  private leave(): void {
    this.leaving = true;
    this.socket.pause();
    if (this.waiting.length === 0) this.leaveNow();
  }

  private leaveNow(): void {
    const socket = this.socket;
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('drain', this.onDrain);
    // node:http's own error handler takes over with the connection.
    socket.removeListener('error', this.onError);
    if (this.unread.length > 0) socket.unshift(Buffer.from(this.unread, 'latin1'));
    this.unread = '';
    this.onDone(this);
    this.handOver(socket);
    socket.resume();
  }
}

/**
 * The request of `head` (its lines, without the blank line that ends it) when it is in the lane's
 * subset (see the module's comment), else undefined. Headers as node:http gives them: an ordinary
 * object, lower-case names, the bytes as latin1 without the spaces and tabs around them.
 */
export function plainRequest(head: string, socket: Socket): LaneRequest | undefined {
  const lines = head.split('\r\n');
  if (lines.length > MAX_HEADER_LINES + 1) return undefined;
  const requestLine = REQUEST_LINE.exec(lines[0]);
  if (requestLine === null) return undefined;
  const headers: Record<string, string> = {};
  let hasHost = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const rawName = line.slice(0, colon);
    const rawValue = line.slice(colon + 1);
    if (!TOKEN.test(rawName) || CONTROL.test(rawValue)) return undefined;
    const name = rawName.toLowerCase();
    const value = trimmed(rawValue);
    if (Object.hasOwn(headers, name) || !laneMayRead(name, value)) return undefined;
    headers[name] = value;
    if (name === 'host') hasHost = true;
  }
  if (!hasHost) return undefined;
  return { method: requestLine[1] as 'GET' | 'HEAD', url: requestLine[2], headers, socket };
}

/** `GET` or `HEAD`, a path of visible ASCII (nothing to read twice), HTTP/1.1. */
const REQUEST_LINE = /^(GET|HEAD) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
/** RFC 9110 token characters: a header's name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters but tab (a line holds no CR or LF: they end it). */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x09;

/** Without the spaces and tabs around it (only those: latin1's no-break space stays, as in Node). */
function trimmed(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Headers that frame a body, change the connection or wait for an answer first: node:http's. */
function laneMayRead(name: string, value: string): boolean {
  switch (name) {
    case 'content-length':
    case 'transfer-encoding':
    case 'expect':
    case 'upgrade':
    case 'http2-settings':
    // node:http drops it (an assignment to an object's prototype): its request is node:http's.
    case '__proto__':
      return false;
    case 'connection':
      return value.toLowerCase() === 'keep-alive';
    default:
      return true;
  }
}
