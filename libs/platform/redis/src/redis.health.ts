import type { ReadinessCheck } from '@clickledger/platform-observability';
import type Redis from 'ioredis';
import type { RedisCircuit } from './redis-circuit';

export interface RedisReadinessOptions {
  /** PING must answer within this; default 1000 ms. */
  readonly timeoutMs?: number;
  /**
   * Default true. False for a cache with a fallback: a slow or absent Redis then shows as
   * `degraded` on /health/ready while the service stays ready.
   */
  readonly critical?: boolean;
  /** A PING slower than this reports Redis slow; default half of `timeoutMs`. */
  readonly slowMs?: number;
  /** When given, its recent failures (callers skipping Redis) are reported too. */
  readonly circuit?: RedisCircuit;
}

/** PING within a timeout; an unconnected client is down at once, with its connection state. */
export function redisReadinessCheck(
  client: Redis,
  timeoutOrOptions: number | RedisReadinessOptions = {},
): ReadinessCheck {
  const options = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
  const timeoutMs = options.timeoutMs ?? 1000;
  const slowMs = options.slowMs ?? timeoutMs / 2;
  return {
    name: 'redis',
    critical: options.critical ?? true,
    async check(): Promise<void> {
      const trouble = options.circuit?.trouble;
      if (trouble)
        throw new Error(
          `slow or unavailable: ${trouble.error} ${String(trouble.sinceMs)} ms ago; using the fallback`,
        );
      if (client.status !== 'ready') throw new Error(`not connected (${client.status})`);
      let timer: NodeJS.Timeout | undefined;
      const started = performance.now();
      try {
        await Promise.race([
          client.ping(),
          new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => {
              reject(new Error(`PING timed out after ${String(timeoutMs)}ms`));
            }, timeoutMs);
          }),
        ]);
      } catch (error) {
        // The client's own command timeout may be the shorter one.
        throw new Error(`slow or unavailable: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
      const tookMs = Math.round(performance.now() - started);
      if (tookMs > slowMs) throw new Error(`slow: PING took ${String(tookMs)}ms`);
    },
  };
}
