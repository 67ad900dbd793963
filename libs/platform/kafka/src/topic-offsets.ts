import { KafkaJSError, type Admin } from 'kafkajs';
import { backoffDelay } from './timing';

export interface PartitionOffsets {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/** How long a caller waits for a topic's partitions to serve offsets before it gives up. */
export const DEFAULT_OFFSETS_WAIT_MS = 30_000;

/**
 * A topic's low and high offsets per partition. kafkajs gives up at once on a retriable error
 * such as NOT_LEADER_FOR_PARTITION, which a broker answers for a while after it (re)starts or
 * creates a topic; this waits it out, bounded, and rethrows anything else.
 */
export async function fetchTopicOffsets(
  admin: Admin,
  topic: string,
  waitMs: number = DEFAULT_OFFSETS_WAIT_MS,
): Promise<PartitionOffsets[]> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.map(({ partition, low, high }) => ({ partition, low, high }));
    } catch (error) {
      const pause = backoffDelay(attempt, 50, 1000);
      if (!isRetriable(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function isRetriable(error: unknown): boolean {
  return error instanceof KafkaJSError && error.retriable;
}
