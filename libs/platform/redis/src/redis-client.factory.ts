import { once } from 'node:events';
import Redis, { type RedisOptions } from 'ioredis';

export interface RedisClientOptions {
  readonly url: string;
  /** Prepended to every key by ioredis (e.g. `cl:`); keep it short, it rides on every command. */
  readonly keyPrefix?: string;
  /** Shown by `CLIENT LIST`, which helps when several services share a Redis. */
  readonly connectionName?: string;
  /**
   * Default false: connect at once in the background. Boot never waits for Redis; until it
   * answers, readiness reports it down and commands fail at once (there is no offline queue).
   */
  readonly lazyConnect?: boolean;
  /**
   * A command without an answer after this long fails with `Command timed out` (default 500 ms);
   * a connection that answers nothing for twice as long (at least 1 s) is dropped and re-opened.
   */
  readonly commandTimeoutMs?: number;
  /** How often a command in flight when the connection drops is retried; default 0 (it is a cache). */
  readonly maxRetriesPerRequest?: number;
  /** Called on connection errors (ioredis otherwise prints them to the console). */
  readonly onError?: (error: Error) => void;
}

const MAX_BACKOFF_MS = 2000;

/** Exponential back-off with jitter, capped at 2 s; never gives up (Redis may come back). */
export function reconnectDelayMs(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * An ioredis client with auto-pipelining on: concurrent commands issued in the same tick go out
 * as one pipeline, which is what a hot path doing a GET per request wants.
 *
 * Built for a cache in front of a source of truth: every command is bounded in time, and while
 * the connection is down commands fail at once instead of waiting in ioredis's unbounded offline
 * queue (which would also replay stale commands on reconnect). Callers fall back on failure.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  const redisOptions: RedisOptions = {
    enableAutoPipelining: true,
    keyPrefix: options.keyPrefix,
    connectionName: options.connectionName,
    lazyConnect: options.lazyConnect ?? false,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 0,
    connectTimeout: 5000,
    retryStrategy: reconnectDelayMs,
    commandTimeout,
    // A hung server (SIGSTOP, a long DEBUG SLEEP, a dead peer) keeps the TCP connection open:
    // without this the client would stay "ready" while every command times out.
    socketTimeout: Math.max(1000, commandTimeout * 2),
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
  };
  const client = new Redis(options.url, redisOptions);
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/** Resolves once the client can take commands (there is no offline queue to wait in). */
export async function redisReady(client: Redis, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return;
  const ac = new AbortController();
  const timer = setTimeout(() => {
    ac.abort();
  }, timeoutMs);
  try {
    await once(client, 'ready', { signal: ac.signal });
  } catch {
    throw new Error(`Redis not ready within ${String(timeoutMs)} ms (${client.status})`);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT politely (flushes pending replies), falling back to a hard disconnect when that fails. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    // QUIT's reply arrives before the socket closes; callers expect a closed client afterwards.
    await Promise.all([once(client, 'end'), client.quit()]);
  } catch {
    client.disconnect();
  }
}
