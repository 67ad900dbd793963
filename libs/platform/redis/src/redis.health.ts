import type { ReadinessCheck } from '@clickledger/platform-observability';
import type Redis from 'ioredis';

/** PING within `timeoutMs`; an unconnected client is down at once, with its connection state. */
export function redisReadinessCheck(client: Redis, timeoutMs = 1000): ReadinessCheck {
  return {
    name: 'redis',
    async check(): Promise<void> {
      if (client.status !== 'ready') throw new Error(`not connected (${client.status})`);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.ping(),
          new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => {
              reject(new Error(`PING timed out after ${timeoutMs}ms`));
            }, timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
