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
   * answers, readiness reports it down and commands wait in the offline queue.
   */
  readonly lazyConnect?: boolean;
  /** How often a command is retried across reconnects before it fails; default 2 (fail fast, it is a cache). */
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

/**
 * An ioredis client with auto-pipelining on: concurrent commands issued in the same tick go out
 * as one pipeline, which is what a hot path doing a GET per request wants.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const redisOptions: RedisOptions = {
    enableAutoPipelining: true,
    keyPrefix: options.keyPrefix,
    connectionName: options.connectionName,
    lazyConnect: options.lazyConnect ?? false,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
    connectTimeout: 5000,
    retryStrategy: reconnectDelayMs,
    // Commands wait for the connection rather than failing while it is (re)established.
    enableOfflineQueue: true,
  };
  const client = new Redis(options.url, redisOptions);
  client.on('error', options.onError ?? (() => undefined));
  return client;
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
