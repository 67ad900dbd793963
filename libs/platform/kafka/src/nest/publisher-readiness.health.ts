import { DEFAULT_SPOOL_MAX_BYTES, type DurablePublisher } from '../publisher/durable.publisher';

/** Above this share of its bound, the spool may fill before Kafka returns: stop taking traffic. */
const SPOOL_HIGH_WATER = 0.9;

/**
 * Readiness of a service whose answers wait on durability: up while messages can be made
 * durable — Kafka answering, or the spool with room left — so an outage of Kafka alone does not
 * take the service out of its load balancer.
 */
export function publisherReadinessCheck(
  publisher: DurablePublisher,
  spoolMaxBytes: number = DEFAULT_SPOOL_MAX_BYTES,
): { readonly name: string; check(): Promise<void> } {
  return {
    name: 'publisher',
    check: () => {
      const stats = publisher.stats();
      if (stats.spoolBytes >= spoolMaxBytes * SPOOL_HIGH_WATER) {
        return Promise.reject(
          new Error(`spool nearly full (${stats.spoolBytes} bytes) while Kafka is unreachable`),
        );
      }
      return Promise.resolve();
    },
  };
}
