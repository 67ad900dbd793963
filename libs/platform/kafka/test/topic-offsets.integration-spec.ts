import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import type { Admin } from 'kafkajs';
import { createKafkaClient, fetchTopicOffsets, type KafkaClient } from '../src';

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
});
