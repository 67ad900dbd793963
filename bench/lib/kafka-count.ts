import type { Kafka } from 'kafkajs';
import { fetchTopicOffsets } from '@clickledger/platform-kafka';

/** Each partition's end offset now, to read only what a run adds. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await fetchTopicOffsets(admin, topic)).map((o) => [o.partition, o.high]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` from `from` until every wanted id has been seen (or `timeoutMs` passes) and
 * returns how many of the wanted ids were found and how many were found more than once.
 */
export async function countIds(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  wanted: ReadonlySet<string>,
  idOf: (value: Buffer) => string | undefined,
  timeoutMs = 60_000,
): Promise<{ found: number; duplicates: number }> {
  const seen = new Map<string, number>();
  const consumer = kafka.consumer({
    groupId: `bench-verify-${String(Date.now())}-${String(process.pid)}`,
    maxBytes: 50 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    autoCommit: false,
    eachBatch: ({ batch }) => {
      const start = BigInt(from.get(batch.partition) ?? '0');
      for (const message of batch.messages) {
        if (BigInt(message.offset) < start || !message.value) continue;
        const id = idOf(message.value);
        if (id !== undefined && wanted.has(id)) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      if (seen.size >= wanted.size) done();
      return Promise.resolve();
    },
  });
  for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
  const timer = setTimeout(done, timeoutMs);
  await complete;
  clearTimeout(timer);
  await consumer.disconnect();
  return { found: seen.size, duplicates: [...seen.values()].filter((n) => n > 1).length };
}
