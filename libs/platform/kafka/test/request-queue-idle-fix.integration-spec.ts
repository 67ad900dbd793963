import type { Kafka } from 'kafkajs';
import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import { createKafkaClient, fixRequestQueueIdleLoop } from '../src';
import { createTopic, readTopic } from './kafka-test-kit';

// kafkajs's RequestQueue (internal): counted while connections sit idle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: { checkPendingRequests(): void };
};

/**
 * kafkajs 2.2.4 re-checks every connection's request queue every millisecond while nothing is
 * pending (tulios/kafkajs#1556, #1704): the clients made by createKafkaClient must not.
 */
describe('kafkajs request queue without the idle timer loop', () => {
  let kafka: Kafka;
  const original = RequestQueue.prototype.checkPendingRequests;
  let checks = 0;

  beforeAll(() => {
    kafka = createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'idle-loop-test' });
    RequestQueue.prototype.checkPendingRequests = function counted(this: { checkPendingRequests(): void }) {
      checks += 1;
      original.call(this);
    };
  });
  afterAll(() => {
    RequestQueue.prototype.checkPendingRequests = original;
  });

  it('is applied to the kafkajs in use', () => {
    expect(fixRequestQueueIdleLoop()).toBe(true);
  });

  it('sends and reads as before, then leaves an idle connection alone', async () => {
    const topic = uniqueTopic('idle-loop');
    await createTopic(kafka, topic, 1);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      // Many small sends at once: some wait in the queue behind the one in flight and must go out.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          producer.send({ topic, acks: -1, messages: [{ key: String(i), value: `m${String(i)}` }] }),
        ),
      );
      expect((await readTopic(kafka, topic, 20)).map((m) => m.value).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `m${String(i)}`).sort(),
      );
      checks = 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Stock kafkajs: about 1,000 checks a second per connection.
      expect(checks).toBeLessThan(20);
    } finally {
      await producer.disconnect();
    }
  });
});
