import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { eventually, testInfrastructure, uniqueGroup, uniqueTopic } from '@clickledger/testing';
import { ConsumerRunner, createKafkaClient, DurablePublisher, type KafkaClient } from '../src';
import {
  publishDurations,
  registerConsumerMetrics,
  registerPublisherMetrics,
} from '../src/metrics/kafka.metrics';
import { createTopic } from './kafka-test-kit';

/** The value of one series in the text exposition, undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Kafka metrics', () => {
  let kafka: KafkaClient;
  let registry: Registry;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(() => {
    kafka = createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'kafka-metrics-test' });
    registry = new Registry();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const startPublisher = async (
    client: KafkaClient,
    connectTimeoutMs?: number,
  ): Promise<DurablePublisher> => {
    const spoolDirectory = await mkdtemp(join(tmpdir(), 'metrics-spool-'));
    const publisher = new DurablePublisher({
      kafka: client,
      spoolDirectory,
      ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
      onBatchDurable: publishDurations(registry),
    });
    registerPublisherMetrics(registry, publisher);
    await publisher.start();
    cleanups.push(async () => {
      await publisher.close();
      await rm(spoolDirectory, { recursive: true, force: true });
    });
    return publisher;
  };

  it('exposes the publisher messages as a counter that each scrape does not inflate, and the ack latency', async () => {
    const topic = uniqueTopic('metrics-pub');
    await createTopic(kafka, topic, 1);
    const publisher = await startPublisher(kafka);
    await Promise.all(
      [1, 2, 3].map((n) => publisher.publish({ topic, key: `k${String(n)}`, value: String(n) })),
    );

    const first = await registry.metrics();
    expect(first).toContain('# TYPE kafka_publisher_messages_total counter');
    expect(sample(first, 'kafka_publisher_messages_total{result="published"}')).toBe(3);
    expect(sample(first, 'kafka_publisher_messages_total{result="rejected"}')).toBe(0);
    expect(first).toContain('# TYPE kafka_publish_batch_duration_seconds histogram');
    expect(
      sample(first, 'kafka_publish_batch_duration_seconds_count{receipt="acked"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(first, 'kafka_publish_batch_duration_seconds_sum{receipt="acked"}')).toBeGreaterThan(0);

    // A second scrape adds only what is new.
    expect(sample(await registry.metrics(), 'kafka_publisher_messages_total{result="published"}')).toBe(3);
    await publisher.publish({ topic, key: 'k4', value: '4' });
    expect(sample(await registry.metrics(), 'kafka_publisher_messages_total{result="published"}')).toBe(4);
  });

  it('times spooled batches apart from acknowledged ones', async () => {
    // Nothing listens on port 1: the publisher starts spooling.
    const dead = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'kafka-metrics-dead', retries: 0 });
    const publisher = await startPublisher(dead, 300);
    await publisher.publish({ topic: uniqueTopic('metrics-spool'), key: 'k', value: 'v' });

    const text = await registry.metrics();
    expect(sample(text, 'kafka_publisher_messages_total{result="spooled"}')).toBe(1);
    expect(sample(text, 'kafka_publish_batch_duration_seconds_count{receipt="spooled"}')).toBe(1);
    expect(sample(text, 'kafka_spool_bytes')).toBeGreaterThan(0);
  });

  describe('consumers', () => {
    let producer: Producer;
    let topic: string;
    let groupId: string;
    const runners: ConsumerRunner<unknown>[] = [];

    beforeEach(async () => {
      topic = uniqueTopic('metrics-con');
      groupId = uniqueGroup('metrics-con');
      await createTopic(kafka, topic, 1);
      producer = kafka.producer();
      await producer.connect();
      registerConsumerMetrics(registry, runners);
      cleanups.push(async () => {
        await Promise.all(runners.splice(0).map((runner) => runner.stop()));
        await producer.disconnect();
      });
    });

    const start = async (handle: () => Promise<void>, maxBytesPerPartition?: number): Promise<void> => {
      const runner = new ConsumerRunner<unknown>({
        kafka,
        groupId,
        topics: [topic],
        fromBeginning: true,
        decode: (message) => ({ ok: true, value: message.value?.toString() }),
        handle,
        retry: { attempts: 2, initialDelayMs: 50, maxDelayMs: 100 },
        onRetriesExhausted: 'keep-retrying',
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1000,
        maxWaitTimeMs: 250,
        ...(maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition }),
      });
      runners.push(runner);
      await runner.start();
    };

    it('reports the lag behind the partition end after each committed batch, and handled messages', async () => {
      // One send per message, one record batch each: a tiny fetch size takes one at a time.
      for (let n = 0; n < 5; n += 1)
        await producer.send({ topic, acks: -1, messages: [{ value: String(n) }] });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let batches = 0;
      await start(async () => {
        batches += 1;
        if (batches === 2) await held; // hold the second batch: the first one's lag is visible
      }, 1);

      const series = `kafka_consumer_lag_messages{group="${groupId}",topic="${topic}",partition="0"}`;
      await eventually(async () => {
        expect(sample(await registry.metrics(), series)).toBe(4);
      });
      release();
      await eventually(async () => {
        const text = await registry.metrics();
        expect(sample(text, series)).toBe(0);
        expect(sample(text, `kafka_consumer_messages_total{group="${groupId}",result="handled"}`)).toBe(5);
      });
    });

    it('counts a partition as stalled while its batch keeps failing, and not once it succeeds', async () => {
      await producer.send({ topic, acks: -1, messages: [{ value: 'x' }] });
      let failing = true;
      await start(() => (failing ? Promise.reject(new Error('database down')) : Promise.resolve()));

      const series = `kafka_consumer_stalled_partitions{group="${groupId}"}`;
      await eventually(async () => {
        expect(sample(await registry.metrics(), series)).toBe(1);
      });
      failing = false;
      await eventually(async () => {
        expect(sample(await registry.metrics(), series)).toBe(0);
      });
    });

    it('sums the members of one group: their handled messages and their stalled partitions', async () => {
      const shared = uniqueTopic('metrics-members');
      await createTopic(kafka, shared, 2);
      topic = shared;
      for (const partition of [0, 1])
        await producer.send({
          topic,
          acks: -1,
          messages: [
            { partition, value: 'a' },
            { partition, value: 'b' },
          ],
        });
      let failing = true;
      const handle = () => (failing ? Promise.reject(new Error('database down')) : Promise.resolve());
      // Two members of one group (as attribution runs them): Kafka gives each one partition.
      await Promise.all([start(handle), start(handle)]);

      const stalled = `kafka_consumer_stalled_partitions{group="${groupId}"}`;
      await eventually(
        async () => {
          expect(sample(await registry.metrics(), stalled)).toBe(2);
        },
        { timeoutMs: 20_000 },
      );
      failing = false;
      await eventually(
        async () => {
          const text = await registry.metrics();
          expect(sample(text, stalled)).toBe(0);
          expect(sample(text, `kafka_consumer_messages_total{group="${groupId}",result="handled"}`)).toBe(4);
        },
        { timeoutMs: 20_000 },
      );
      // Each member handled its own partition's two messages: the total is their sum.
      expect(runners.map((runner) => runner.stats().handled).sort()).toEqual([2, 2]);
    });
  });
});
