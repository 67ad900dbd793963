import { eventually, testInfrastructure, uniqueGroup, uniqueTopic } from '@clickledger/testing';
import type { Admin } from 'kafkajs';
import { createKafkaClient, fetchTopicOffsets, startGroupAtEnd, type KafkaClient } from '../src';

describe('fetchTopicOffsets', () => {
  let kafka: KafkaClient;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'offsets-test' });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('answers for a topic created a moment ago, before its leaders are known to serve', async () => {
    const topic = uniqueTopic('offsets');
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 6 }] });
    const offsets = await fetchTopicOffsets(admin, topic);
    expect(offsets.map((o) => o.partition).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 7 }, (_, i) => ({ value: String(i) })),
      });
    } finally {
      await producer.disconnect();
    }
    const after = await fetchTopicOffsets(admin, topic);
    expect(after.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0)).toBe(7);
  });

  it('gives up on a topic that does not exist instead of waiting out its bound', async () => {
    const startedAt = Date.now();
    await expect(fetchTopicOffsets(admin, uniqueTopic('missing'), 60_000)).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });

  it('starts a new consumer group at the end: it reads only what is written after', async () => {
    const topic = uniqueTopic('group-start');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const producer = kafka.producer();
    await producer.connect();
    const send = (values: string[]) =>
      producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: value, value })) });
    try {
      await send(['old-1', 'old-2', 'old-3', 'old-4', 'old-5']);
      const groupId = uniqueGroup('group-start');
      await startGroupAtEnd(kafka, groupId, [topic]);
      const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
      const highs = await fetchTopicOffsets(admin, topic);
      expect(committed[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
        highs.map((o) => [o.partition, o.high]).sort(),
      );

      await send(['new-1', 'new-2', 'new-3']);
      const seen: string[] = [];
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: ({ message }) => {
            seen.push(message.value?.toString() ?? '');
            return Promise.resolve();
          },
        });
        await eventually(
          () => {
            expect(seen.sort()).toEqual(['new-1', 'new-2', 'new-3']);
          },
          {
            timeoutMs: 20_000,
          },
        );
      } finally {
        await consumer.disconnect();
      }
    } finally {
      await producer.disconnect();
    }
  });
});
