import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import { createKafkaClient, keyHashPartitioner, onePassProduceEncoding } from '../src';
import { createTopic, readRawTopic } from './kafka-test-kit';

/**
 * The broker checks what the one-pass encoder writes (produce-encoding.ts): every record batch's
 * checksum and lengths, the request's framing. One request of several topics and partitions.
 */
describe('produce requests written in one pass, against the broker', () => {
  it('are stored as sent: every topic, partition, key, value and header of one request', async () => {
    expect(onePassProduceEncoding()).toBe(true);
    const kafka = createKafkaClient({
      brokers: testInfrastructure().kafkaBrokers,
      clientId: 'produce-encoding-test',
    });
    const topics = [uniqueTopic('produce-encoding-a'), uniqueTopic('produce-encoding-b')];
    for (const topic of topics) await createTopic(kafka, topic, 3);
    const messagesOf = (topic: string) =>
      Array.from({ length: 300 }, (_, i) => ({
        key: `${topic}-key-${String(i)}`,
        value: i % 9 === 0 ? Buffer.from([0, 255, i % 256]) : `value ${String(i)} é ✓ `.repeat(1 + (i % 30)),
        headers: { 'x-correlation-id': `c-${String(i)}`, 'x-list': ['a', `b${String(i)}`] },
      }));
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: keyHashPartitioner,
    });
    await producer.connect();
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: topics.map((topic) => ({ topic, messages: messagesOf(topic) })),
      });
    } finally {
      await producer.disconnect();
    }
    for (const topic of topics) {
      const received = await readRawTopic(kafka, topic, 300, 30_000);
      expect(new Set(received.map(({ partition }) => partition)).size).toBe(3);
      const byKey = new Map(received.map(({ message }) => [message.key?.toString(), message]));
      expect(byKey.size).toBe(300);
      for (const sent of messagesOf(topic)) {
        const message = byKey.get(sent.key);
        expect(message?.value).toEqual(Buffer.from(sent.value));
        expect(message?.headers).toEqual({
          'x-correlation-id': Buffer.from(sent.headers['x-correlation-id']),
          'x-list': sent.headers['x-list'].map((item) => Buffer.from(item)),
        });
      }
    }
  });
});
