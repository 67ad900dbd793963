import { connect, type Socket } from 'node:net';

/** What a request came to: the answer's status code, or `error` (connection refused or lost, bad answer). */
export type PlainAnswer = number | 'error';

interface Waiting {
  readonly path: string;
  readonly done: (answer: PlainAnswer) => void;
}

const HEAD_END = '\r\n\r\n';
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

/**
 * GET requests from a load generator that shares the box with what it measures: written and read
 * as HTTP/1.1 text over at most `connections` keep-alive sockets, one request in flight on each
 * (no pipelining, as a network's server firing postbacks does), the rest queued. node:http's client
 * (an Agent, a ClientRequest, an IncomingMessage and their streams per request) costs the bench's
 * process several times the CPU per request, taken from the services it measures. Reads answers
 * with a Content-Length only (the services always send one): any other answer, and any connection
 * error, ends that socket's request as `error`.
 */
export class PlainHttpClient {
  private readonly idle: PlainConnection[] = [];
  private readonly queue: Waiting[] = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly port: number,
    private readonly connections: number,
    private readonly host = '127.0.0.1',
  ) {}

  /** Sends `GET <path>` (a path and query, already encoded); `done` gets the answer's status. */
  get(path: string, done: (answer: PlainAnswer) => void): void {
    if (this.closed) {
      done('error');
      return;
    }
    const connection = this.idle.pop();
    if (connection) connection.send({ path, done });
    else if (this.open < this.connections) this.connect().send({ path, done });
    else this.queue.push({ path, done });
  }

  /** Closes every socket; requests still queued or in flight end as `error`. */
  close(): void {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.done('error');
    for (const connection of this.idle.splice(0)) connection.destroy();
  }

  private connect(): PlainConnection {
    this.open++;
    return new PlainConnection(connect(this.port, this.host), this.host, {
      free: (connection) => {
        const next = this.queue.shift();
        if (next) connection.send(next);
        else if (this.closed) connection.destroy();
        else this.idle.push(connection);
      },
      lost: (connection) => {
        this.open--;
        const at = this.idle.indexOf(connection);
        if (at >= 0) this.idle.splice(at, 1);
        // What waits goes out on a new socket (this one failed, the others are busy).
        const next = this.queue.shift();
        if (next) this.get(next.path, next.done);
      },
    });
  }
}

/** One keep-alive socket with at most one request in flight. */
class PlainConnection {
  private current: Waiting | undefined;
  private received = '';
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly host: string,
    private readonly pool: {
      free(connection: PlainConnection): void;
      lost(connection: PlainConnection): void;
    },
  ) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.read(chunk);
    });
    socket.on('error', () => {
      this.end();
    });
    socket.on('close', () => {
      this.end();
    });
  }

  send(waiting: Waiting): void {
    this.current = waiting;
    this.socket.write(`GET ${waiting.path} HTTP/1.1\r\nHost: ${this.host}\r\n\r\n`, 'latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Completes the request in flight once its whole answer is here. */
  private read(chunk: string): void {
    this.received += chunk;
    const headEnd = this.received.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.received.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = CONTENT_LENGTH.exec(head)?.[1];
    const current = this.current;
    if (length === undefined || !Number.isInteger(status) || current === undefined) {
      this.socket.destroy();
      return;
    }
    const answerEnd = headEnd + HEAD_END.length + Number(length);
    if (this.received.length < answerEnd) return;
    this.received = this.received.slice(answerEnd);
    this.current = undefined;
    current.done(status);
    // The server's last answer on this socket (HTTP_MAX_REQUESTS_PER_SOCKET): what waits goes out
    // on a new one.
    if (CONNECTION_CLOSE.test(head)) this.socket.destroy();
    else this.pool.free(this);
  }

  /** The socket is gone: its request in flight fails, the pool forgets it (once). */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const current = this.current;
    this.current = undefined;
    current?.done('error');
    this.pool.lost(this);
  }
}
