import type { Kafka } from 'kafkajs';
import { eventually } from './eventually';
import { uniqueGroup } from './unique';

export interface CollectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** null for a tombstone. */
  readonly value: string | null;
  readonly headers: Record<string, string>;
  /** `value` parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface KafkaCollector {
  readonly messages: readonly CollectedMessage[];
  stop(): Promise<void>;
}

export interface TopicStart {
  readonly topic: string;
  readonly offsets: readonly { readonly partition: number; readonly high: string }[];
}

/**
 * Each partition's current end offset: where "from now on" begins. Retried for a while: a broker
 * that has just started or created a topic answers NOT_LEADER_FOR_PARTITION, and kafkajs does not
 * retry that here.
 */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<TopicStart[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await Promise.all(
      topics.map(async (topic) => ({
        topic,
        offsets: await eventually(() => admin.fetchTopicOffsets(topic), { timeoutMs: 30_000 }),
      })),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads everything written to `topics` from now on (the shared contract topics hold earlier
 * runs' messages too).
 */
export async function collectFromNow(kafka: Kafka, topics: readonly string[]): Promise<KafkaCollector> {
  return collectFrom(kafka, await endOffsets(kafka, topics));
}

/**
 * Reads everything from the given offsets on, with a fresh consumer group. `run` creates the
 * group member synchronously, so the seeks are in place before it joins and its first fetch
 * starts there; anything older that a rebalance might replay is skipped all the same.
 */
export async function collectFrom(kafka: Kafka, starts: readonly TopicStart[]): Promise<KafkaCollector> {
  const topics = starts.map((start) => start.topic);
  const from = new Map<string, bigint>(
    starts.flatMap(({ topic, offsets }) =>
      offsets.map(({ partition, high }) => [`${topic}/${String(partition)}`, BigInt(high)] as const),
    ),
  );
  const messages: CollectedMessage[] = [];
  // A rebalance can hand a partition back from its last commit: keep each offset once, so the
  // collector shows what is in the topic, duplicates the producer wrote included.
  const collected = new Set<string>();
  const consumer = kafka.consumer({ groupId: uniqueGroup('collector'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  const running = consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const at = `${topic}/${String(partition)}`;
      const id = `${at}@${message.offset}`;
      if (BigInt(message.offset) < (from.get(at) ?? 0n) || collected.has(id)) return Promise.resolve();
      collected.add(id);
      const value = message.value?.toString('utf8') ?? null;
      let json: unknown;
      try {
        json = value === null ? undefined : JSON.parse(value);
      } catch {
        json = undefined;
      }
      const headers: Record<string, string> = {};
      for (const [name, header] of Object.entries(message.headers ?? {})) {
        if (header !== undefined) headers[name] = header.toString();
      }
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value,
        headers,
        json,
      });
      return Promise.resolve();
    },
  });
  for (const { topic, offsets } of starts)
    for (const { partition, high } of offsets) consumer.seek({ topic, partition, offset: high });
  await running;
  return { messages, stop: () => consumer.disconnect() };
}
