import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import {
  createKafkaClient,
  DurablePublisher,
  MessageTooLargeError,
  PublisherClosedError,
  type KafkaClient,
  type PublishReceipt,
} from '../src';
import { createTopic, readTopic, topicMessageCount } from './kafka-test-kit';

describe('DurablePublisher against the shared broker', () => {
  let kafka: KafkaClient;
  let spoolDirectory: string;
  let publisher: DurablePublisher;
  let topic: string;

  beforeEach(async () => {
    kafka = createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'publisher-test' });
    topic = uniqueTopic('publisher');
    await createTopic(kafka, topic, 6);
    spoolDirectory = await mkdtemp(join(tmpdir(), 'publisher-spool-'));
    publisher = new DurablePublisher({ kafka, spoolDirectory });
    await publisher.start();
  });

  afterEach(async () => {
    await publisher.close();
    await rm(spoolDirectory, { recursive: true, force: true });
  });

  it('hands kafkajs the messages as published and gets them back unchanged (a failed batch is spooled from them)', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => ({
      topic,
      key: i % 5 === 0 ? null : `click-${String(i)}`,
      value: i % 7 === 0 ? Buffer.from(`bytes-${String(i)}`) : `text-${String(i)}`,
      ...(i % 3 === 0
        ? {}
        : { headers: { 'x-correlation-id': `c-${String(i)}`, 'x-raw': Buffer.from([i]) } }),
    }));
    // A deep copy that keeps Buffers (structuredClone makes them Uint8Arrays).
    const copy = <T>(value: T): T =>
      (Buffer.isBuffer(value)
        ? Buffer.from(value)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]))
          : value) as T;
    const before = messages.map(copy);
    const receipts = await Promise.all(messages.map((message) => publisher.publish(message)));
    expect(receipts.every((receipt) => receipt.status === 'acked')).toBe(true);
    // Same own keys and values, nothing added (no partition, no timestamp), nothing converted.
    expect(messages).toStrictEqual(before);
    expect((await readTopic(kafka, topic, 50)).map((message) => message.value).sort()).toEqual(
      before.map((message) => String(message.value)).sort(),
    );
  });

  it('delivers 100,000 concurrent publishes once each, batched, resolving each only after its ack', async () => {
    const count = 100_000;
    let resolvedBeforeAck = 0;
    let resolved = 0;
    const startedAt = Date.now();
    const receipts = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        publisher
          .publish({
            topic,
            key: `click-${String(i % 1000)}`,
            value: JSON.stringify({ id: i, body: `payload-${String(i)}` }),
            headers: { 'x-seq': String(i) },
          })
          .then((receipt: PublishReceipt) => {
            resolved += 1;
            // A promise may only resolve once its batch has been counted as acknowledged.
            if (resolved > publisher.stats().published) resolvedBeforeAck += 1;
            return receipt;
          }),
      ),
    );

    process.stdout.write(`100k publishes acknowledged in ${String(Date.now() - startedAt)} ms\n`);
    expect(receipts.filter((receipt) => receipt.status === 'acked')).toHaveLength(count);
    expect(resolvedBeforeAck).toBe(0);
    const stats = publisher.stats();
    expect(stats).toMatchObject({ published: count, spooled: 0, rejected: 0, mode: 'direct' });
    expect(stats.maxBatchSize).toBeLessThanOrEqual(500);
    expect(stats.batches).toBeLessThanOrEqual(count / 50);

    expect(await topicMessageCount(kafka, topic)).toBe(count);
    const messages = await readTopic(kafka, topic, count);
    // Collect mismatches instead of 100,000 expect() calls: jest's matchers are slow in bulk.
    const seen = new Set<number>();
    const lastPerKey = new Map<string, number>();
    const problems: string[] = [];
    for (const message of messages) {
      const { id, body } = JSON.parse(message.value) as { id: number; body: string };
      const key = `click-${String(id % 1000)}`;
      if (seen.has(id)) problems.push(`duplicate ${String(id)}`);
      if (message.key !== key) problems.push(`key of ${String(id)}: ${String(message.key)}`);
      if (body !== `payload-${String(id)}`) problems.push(`body of ${String(id)}: ${body}`);
      if (message.headers['x-seq'] !== String(id)) problems.push(`header of ${String(id)}`);
      // Per key, Kafka holds the messages in publish order.
      if (id <= (lastPerKey.get(key) ?? -1)) problems.push(`order of ${String(id)}`);
      seen.add(id);
      lastPerKey.set(key, id);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(seen.size).toBe(count);
  });

  it('close() sends every pending message and waits for its ack; later publishes are refused', async () => {
    const pending = Array.from({ length: 1200 }, (_, i) =>
      publisher.publish({ topic, key: null, value: `m${String(i)}` }),
    );
    await publisher.close();
    expect(publisher.stats().pending).toBe(0);
    await expect(Promise.all(pending)).resolves.toHaveLength(1200);
    expect(await topicMessageCount(kafka, topic)).toBe(1200);
    await expect(publisher.publish({ topic, key: 'k', value: 'late' })).rejects.toBeInstanceOf(
      PublisherClosedError,
    );
  });

  it('deliver: calls back once acknowledged; a callback that throws is logged, and neither spools the batch nor silences the others', async () => {
    const errors: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_: object, message: string) => errors.push(message),
    };
    const directory = await mkdtemp(join(tmpdir(), 'publisher-deliver-'));
    const own = new DurablePublisher({ kafka, spoolDirectory: directory, logger });
    await own.start();
    try {
      const heard: string[] = [];
      const failures: unknown[] = [];
      await new Promise<void>((resolve) => {
        for (let i = 0; i < 20; i++)
          own.deliver(
            { topic, key: `k${String(i)}`, value: `v${String(i)}` },
            (receipt) => {
              heard.push(`${String(i)}:${receipt.status}`);
              if (i === 3) throw new Error('a caller bug');
              if (heard.length === 20) resolve();
            },
            (error) => failures.push(error),
          );
      });
      expect(heard).toHaveLength(20);
      expect(heard.every((entry) => entry.endsWith(':acked'))).toBe(true);
      expect(failures).toEqual([]);
      expect(errors.some((message) => message.includes('publish callback threw'))).toBe(true);
      expect(own.stats()).toMatchObject({ published: 20, spooled: 0 });
      expect(await topicMessageCount(kafka, topic)).toBe(20);
      // Refused at once: `failed` is called before deliver returns.
      let refused: unknown;
      own.deliver(
        { topic, key: 'k', value: Buffer.alloc(1_000_001) },
        () => undefined,
        (error) => (refused = error),
      );
      expect(refused).toBeInstanceOf(MessageTooLargeError);
    } finally {
      await own.close();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses a message larger than the broker accepts before it can block the spool', async () => {
    await expect(
      publisher.publish({ topic, key: 'k', value: Buffer.alloc(1_000_001) }),
    ).rejects.toBeInstanceOf(MessageTooLargeError);
  });
  it("lets each message linger up to lingerMs for company, also while a request is in flight (as Kafka's linger.ms)", async () => {
    const lingerMs = 100;
    const directory = await mkdtemp(join(tmpdir(), 'publisher-linger-'));
    const lingering = new DurablePublisher({ kafka, spoolDirectory: directory, lingerMs });
    await lingering.start();
    try {
      const waits: number[] = [];
      const sends: Promise<void>[] = [];
      const startedAt = performance.now();
      for (let i = 0; i < 100; i++) {
        const queuedAt = performance.now();
        sends.push(
          lingering.publish({ topic, key: `k-${String(i)}`, value: `v-${String(i)}` }).then(() => {
            waits.push(performance.now() - queuedAt);
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const span = performance.now() - startedAt;
      await Promise.all(sends);
      const { published, batches } = lingering.stats();
      expect(published).toBe(100);
      // A batch per lingerMs of messages: sent as soon as each acknowledgement came, the
      // messages arriving every 2 ms would have gone in dozens of requests.
      expect(batches).toBeLessThanOrEqual(Math.ceil(span / lingerMs) + 1);
      // The first waited for company; none waited much longer than lingerMs plus an ack.
      expect(waits[0]).toBeGreaterThanOrEqual(lingerMs - 5);
      expect(Math.max(...waits)).toBeLessThan(lingerMs + 1000);
    } finally {
      await lingering.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
