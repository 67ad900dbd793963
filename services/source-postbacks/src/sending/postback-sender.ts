import { lookup as dnsLookup } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { isPublicAddress } from './address-guard';
import { DestinationRefusedError, guardedLookup } from './guarded-lookup';

export interface SenderOptions {
  readonly allowPrivate: boolean;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  /** Bytes of the answer kept; the rest is never read. */
  readonly excerptBytes: number;
  /** Sockets kept per host (the per-host concurrency). */
  readonly maxSocketsPerHost: number;
  /** Name resolution; tests pass their own to play DNS answers. */
  readonly resolve?: LookupFunction;
}

export interface PostbackRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
}

export type SendFailure = 'refused' | 'timeout' | 'network';

export interface SendResult {
  readonly statusCode: number | null;
  readonly excerpt: string | null;
  /** Why no answer came; null when the destination answered. */
  readonly failure: SendFailure | null;
  readonly error: string | null;
  /** Seconds from `Retry-After`, when the answer had one. */
  readonly retryAfterMs: number | null;
  readonly durationMs: number;
}

const USER_AGENT = 'Clickledger-SourcePostback/1.0';

/** A request that took too long; `phase` says whether the connection or the whole attempt. */
class SendTimeoutError extends Error {
  constructor(phase: 'connect' | 'total', ms: number) {
    super(phase === 'connect' ? `connect timed out after ${ms}ms` : `no complete answer within ${ms}ms`);
    this.name = 'SendTimeoutError';
  }
}

/**
 * Sends one postback over node:http(s) with bounded time (connect and total) and bounded reading
 * (the first `excerptBytes` of the answer, then the socket is closed), and refuses non-public
 * destinations before connecting: IP literals here, names in the agent's `lookup`.
 */
export class PostbackSender {
  private readonly lookup: LookupFunction;
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly options: SenderOptions) {
    const resolve = options.resolve ?? dnsLookup;
    this.lookup = options.allowPrivate ? resolve : guardedLookup(resolve);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerHost, lookup: this.lookup };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent(agentOptions);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async send(request: PostbackRequest): Promise<SendResult> {
    const started = performance.now();
    const done = (partial: Omit<SendResult, 'durationMs'>): SendResult => ({
      ...partial,
      durationMs: performance.now() - started,
    });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return done(refusal(`not a valid URL`));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return done(refusal('only http and https are sent'));
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    // An IP literal is connected to without a lookup, so it is checked here.
    if (!this.options.allowPrivate && isIP(host) !== 0 && !isPublicAddress(host)) {
      return done(refusal(new DestinationRefusedError(host, host).message));
    }
    try {
      const answer = await this.exchange(request.method, url, host);
      return done({ ...answer, failure: null, error: null });
    } catch (error) {
      if (error instanceof DestinationRefusedError) return done(refusal(error.message));
      const failure: SendFailure = error instanceof SendTimeoutError ? 'timeout' : 'network';
      return done({
        statusCode: null,
        excerpt: null,
        failure,
        error: error instanceof Error ? error.message : String(error),
        retryAfterMs: null,
      });
    }
  }

  private exchange(
    method: 'GET' | 'POST',
    url: URL,
    host: string,
  ): Promise<{ statusCode: number; excerpt: string; retryAfterMs: number | null }> {
    const https = url.protocol === 'https:';
    const body = method === 'POST' ? url.search.slice(1) : null;
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
    if (body !== null) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const options = {
      method,
      hostname: host,
      port: url.port || (https ? 443 : 80),
      path: body === null ? `${url.pathname}${url.search}` : url.pathname,
      headers,
      agent: https ? this.httpsAgent : this.httpAgent,
      lookup: this.lookup,
    };
    return new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(options);
      let settled = false;
      let response: IncomingMessage | undefined;
      const chunks: Buffer[] = [];
      let kept = 0;
      let ended = false;
      const finish = (error: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        if (
          response &&
          response.statusCode !== undefined &&
          (error === null || error instanceof SendTimeoutError)
        ) {
          // The destination answered: what it said counts, even if the body was cut or slow.
          resolve({
            statusCode: response.statusCode,
            excerpt: Buffer.concat(chunks).subarray(0, this.options.excerptBytes).toString('utf8'),
            retryAfterMs: retryAfterMs(response.headers['retry-after']),
          });
        } else reject(error ?? new Error('connection closed without an answer'));
        // A fully read answer leaves the socket to the keep-alive pool; anything else closes it
        // (the rest of a long answer is never read).
        if (!ended) req.destroy();
      };
      const total = setTimeout(() => {
        finish(new SendTimeoutError('total', this.options.timeoutMs));
      }, this.options.timeoutMs);
      req.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(() => {
          finish(new SendTimeoutError('connect', this.options.connectTimeoutMs));
        }, this.options.connectTimeoutMs);
        socket.once(https ? 'secureConnect' : 'connect', () => {
          clearTimeout(connect);
        });
        socket.once('close', () => {
          clearTimeout(connect);
        });
      });
      req.on('response', (res) => {
        response = res;
        res.on('data', (chunk: Buffer) => {
          if (kept < this.options.excerptBytes) chunks.push(chunk);
          kept += chunk.length;
          if (kept >= this.options.excerptBytes) finish(null);
        });
        res.on('end', () => {
          ended = true;
          finish(null);
        });
        res.on('error', (error) => {
          finish(error);
        });
      });
      req.on('error', (error) => {
        finish(error);
      });
      req.end(body ?? undefined);
    });
  }
}

function refusal(message: string): Omit<SendResult, 'durationMs'> {
  return { statusCode: null, excerpt: null, failure: 'refused', error: message, retryAfterMs: null };
}

/** `Retry-After` as seconds or an HTTP date → milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
