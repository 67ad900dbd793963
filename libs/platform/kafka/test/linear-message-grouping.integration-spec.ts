import fc from 'fast-check';
import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import { createKafkaClient, linearMessageGrouping } from '../src';
import { groupMessagesPerPartition } from '../src/linear-message-grouping';
import { createTopic, readTopic } from './kafka-test-kit';

/**
 * kafkajs 2.2.4 groups a send's messages by partition in quadratic time (tulios/kafkajs#1576):
 * the platform's grouping replaces it before kafkajs's producer loads, and must group the same way.
 */
describe("kafkajs's producer with linear message grouping", () => {
  it('is the grouping kafkajs uses in this process', () => {
    expect(linearMessageGrouping()).toBe(true);
  });

  it('puts every message under its partition once, in the order given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.uuid(), partition: fc.integer({ min: 0, max: 5 }) }), { maxLength: 200 }),
        (messages) => {
          const grouped = groupMessagesPerPartition({
            topic: 't',
            partitionMetadata: [{}, {}, {}, {}, {}, {}],
            messages,
            partitioner: ({ message }) => message.partition,
          });
          for (const [partition, inPartition] of Object.entries(grouped))
            expect(inPartition).toEqual(messages.filter((m) => m.partition === Number(partition)));
          expect(Object.values(grouped).flat()).toHaveLength(messages.length);
        },
      ),
    );
    const none = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [],
      messages: [{ partition: 0 }],
      partitioner: () => 0,
    });
    expect(none).toEqual({});
  });

  it("sends one batch of 3,000 keyed messages that read back in each key's order", async () => {
    const kafka = createKafkaClient({
      brokers: testInfrastructure().kafkaBrokers,
      clientId: 'grouping-test',
    });
    const topic = uniqueTopic('grouping');
    await createTopic(kafka, topic, 3);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const messages = Array.from({ length: 3000 }, (_, i) => ({
        key: `k${String(i % 7)}`,
        value: String(i),
      }));
      await producer.send({ topic, acks: -1, messages });
      const read = await readTopic(kafka, topic, messages.length);
      expect(read).toHaveLength(messages.length);
      const partitions = new Set(read.map((m) => m.partition));
      expect(partitions.size).toBeGreaterThan(1);
      for (let k = 0; k < 7; k++) {
        const key = `k${String(k)}`;
        const ofKey = read.filter((m) => m.key === key);
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
        expect(ofKey.map((m) => Number(m.value))).toEqual(
          messages.filter((m) => m.key === key).map((m) => Number(m.value)),
        );
      }
    } finally {
      await producer.disconnect();
    }
  });
});
