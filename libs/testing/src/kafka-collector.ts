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
 * Reads everything from the given offsets on. The offsets are committed for a fresh consumer
 * group before it joins, so it starts exactly there (no seek racing the group's first fetch).
 */
export async function collectFrom(kafka: Kafka, starts: readonly TopicStart[]): Promise<KafkaCollector> {
  const topics = starts.map((start) => start.topic);
  const groupId = uniqueGroup('collector');
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const { topic, offsets } of starts) {
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
  const messages: CollectedMessage[] = [];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ topic, partition, message }) => {
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
  return { messages, stop: () => consumer.disconnect() };
}
