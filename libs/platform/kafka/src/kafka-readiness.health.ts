import type { Admin } from 'kafkajs';
import type { KafkaClient } from './kafka-client';
import { withTimeout } from './timing';

export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency answers in time; rejects otherwise. */
  check(): Promise<void>;
}

export interface KafkaReadinessCheck extends ReadinessCheck {
  /** Disconnects the admin connection the check keeps between calls. */
  close(): Promise<void>;
}

/**
 * Readiness of Kafka: a metadata request (describeCluster) must answer within `timeoutMs`. One
 * admin connection is kept between checks; after a failure it is replaced by a fresh one.
 */
export function kafkaReadinessCheck(kafka: KafkaClient, timeoutMs = 2000): KafkaReadinessCheck {
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;

  /** Drops the connection; a hung connect can take long to give up, so this waits at most timeoutMs. */
  const reset = async (): Promise<void> => {
    const previous = admin;
    admin = undefined;
    connected = undefined;
    if (previous)
      await withTimeout(previous.disconnect(), timeoutMs, 'Kafka disconnect').catch(() => undefined);
  };

  return {
    name: 'kafka',
    async check(): Promise<void> {
      admin ??= kafka.admin();
      const current = admin;
      connected ??= current.connect();
      const currentConnection = connected;
      try {
        await withTimeout(
          (async () => {
            await currentConnection;
            const cluster = await current.describeCluster();
            if (cluster.brokers.length === 0) throw new Error('Kafka reports no brokers');
          })(),
          timeoutMs,
          'Kafka readiness check',
        );
      } catch (error) {
        // Not awaited: the check must answer within its timeout even if disconnecting hangs.
        void reset();
        throw error;
      }
    },
    close: reset,
  };
}
