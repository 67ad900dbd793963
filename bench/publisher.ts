/**
 * Publisher throughput: DurablePublisher (N concurrent publishes, micro-batched, idempotent,
 * acks=all) against raw kafkajs `send` per message (awaited concurrently, acks=all) and raw
 * `sendBatch` in chunks of 500 (acks=all). `npm run bench -- publisher [--messages 50000]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { createKafkaClient, DurablePublisher, parseBrokers } from '@clickledger/platform-kafka';
import { integerOption, parseBenchArgs } from './lib/options';

const COUNT = integerOption(
  parseBenchArgs('npm run bench -- publisher [--messages 50000]', {
    messages: { type: 'string', default: '50000' },
  }).messages,
  'messages',
);
const VALUE = JSON.stringify({ type: 'click.recorded', version: 1, data: { pad: 'x'.repeat(200) } });
const key = (i: number): string => `click-${String(i % 5000)}`;

interface Row {
  readonly name: string;
  readonly ms: number;
}

async function timed(name: string, run: () => Promise<void>): Promise<Row> {
  const started = process.hrtime.bigint();
  await run();
  return { name, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function durablePublisher(kafka: Kafka, topic: string): Promise<Row> {
  const spoolDirectory = await mkdtemp(join(tmpdir(), 'bench-spool-'));
  const publisher = new DurablePublisher({ kafka, spoolDirectory });
  await publisher.start();
  try {
    const row = await timed('DurablePublisher.publish x N concurrent', async () => {
      await Promise.all(
        Array.from({ length: COUNT }, (_, i) => publisher.publish({ topic, key: key(i), value: VALUE })),
      );
    });
    const stats = publisher.stats();
    if (stats.published !== COUNT) throw new Error(`only ${String(stats.published)} acknowledged`);
    const average = (stats.batchedMessages / stats.batches).toFixed(0);
    return { ...row, name: `${row.name} (avg batch ${average})` };
  } finally {
    await publisher.close();
    await rm(spoolDirectory, { recursive: true, force: true });
  }
}

async function rawSendPerMessage(kafka: Kafka, topic: string): Promise<Row> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    return await timed('kafkajs send() per message, concurrent', async () => {
      await Promise.all(
        Array.from({ length: COUNT }, (_, i) =>
          producer.send({ topic, acks: -1, messages: [{ key: key(i), value: VALUE }] }),
        ),
      );
    });
  } finally {
    await producer.disconnect();
  }
}

async function rawSendBatch(kafka: Kafka, topic: string): Promise<Row> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    return await timed('kafkajs sendBatch(500), sequential', async () => {
      for (let at = 0; at < COUNT; at += 500) {
        const messages = Array.from({ length: Math.min(500, COUNT - at) }, (_, i) => ({
          key: key(at + i),
          value: VALUE,
        }));
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      }
    });
  } finally {
    await producer.disconnect();
  }
}

async function main(): Promise<void> {
  const kafka = createKafkaClient({
    brokers: parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'),
    clientId: 'bench-publisher',
  });
  const topic = `bench.publisher.${String(Date.now())}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6 }] });

  const rows: Row[] = [];
  rows.push(await durablePublisher(kafka, topic));
  rows.push(await rawSendPerMessage(kafka, topic));
  rows.push(await rawSendBatch(kafka, topic));
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();

  console.log(
    `\npublisher throughput, ${String(COUNT)} messages of ${String(VALUE.length)} bytes, acks=all, topic ${topic} (6 partitions)\n`,
  );
  console.log(`${'scenario'.padEnd(60)} ${'seconds'.padStart(8)} ${'msg/s'.padStart(10)}`);
  for (const row of rows) {
    const perSecond = Math.round((COUNT / row.ms) * 1000);
    console.log(
      `${row.name.padEnd(60)} ${(row.ms / 1000).toFixed(2).padStart(8)} ${String(perSecond).padStart(10)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
