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

/**
 * Reads `topic` from `from` up to `to` (end offsets taken once the writer stopped) and counts the
 * ids `idOf` returns that start with `prefix`: one run's events, by its requests' unique ids.
 */
export async function collectIds(
  kafka: Kafka,
  topic: string,
  from: Map<number, string>,
  to: Map<number, string>,
  prefix: string,
  idOf: (value: Buffer) => string | undefined,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const remaining = new Set(
    [...to].filter(([p, end]) => BigInt(end) > BigInt(from.get(p) ?? '0')).map(([p]) => p),
  );
  if (remaining.size === 0) return seen;
  const consumer = kafka.consumer({
    groupId: `bench-collect-${String(Date.now())}-${String(process.pid)}`,
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
      const end = BigInt(to.get(batch.partition) ?? '0');
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        if (offset < start || offset >= end || !message.value) continue;
        const id = idOf(message.value);
        if (id?.startsWith(prefix)) seen.set(id, (seen.get(id) ?? 0) + 1);
        if (offset === end - 1n) remaining.delete(batch.partition);
      }
      if (remaining.size === 0) done();
      return Promise.resolve();
    },
  });
  for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
  const timer = setTimeout(done, 120_000); // what is not there by then counts as missing
  await complete;
  clearTimeout(timer);
  await consumer.disconnect();
  return seen;
}
