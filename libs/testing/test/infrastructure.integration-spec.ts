import { Client } from 'pg';
import Redis from 'ioredis';
import { ConfigResourceTypes, Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { ALL_TOPIC_DEFINITIONS } from '@clickledger/contracts';
import { eventually, testInfrastructure, uniqueGroup, uniqueSchema, uniqueSuffix, uniqueTopic } from '../src';

/**
 * The foundation's own proof that the local stack is real: a KRaft Kafka started from the Maven
 * jars, the machine's Postgres and Redis. Later suites build on these same guarantees.
 */
describe('local infrastructure', () => {
  const infra = testInfrastructure();
  const kafka = new Kafka({
    brokers: infra.kafkaBrokers,
    clientId: 'infrastructure-test',
    logLevel: logLevel.NOTHING,
  });

  describe('Kafka', () => {
    const topic = uniqueTopic('infra');
    const groupId = uniqueGroup('infra');

    beforeAll(async () => {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
      await admin.disconnect();
    });

    it('has every contract topic, with the compacted config topic', async () => {
      const admin = kafka.admin();
      await admin.connect();
      const present = await admin.listTopics();
      expect(ALL_TOPIC_DEFINITIONS.map((d) => d.name).filter((name) => !present.includes(name))).toEqual([]);
      const metadata = await admin.fetchTopicMetadata({
        topics: ['campaigns.config.v1', 'clicks.recorded.v1.dlq'],
      });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: 'campaigns.config.v1', configNames: ['cleanup.policy'] },
        ],
      });
      await admin.disconnect();
      expect(metadata.topics.map((t) => t.name).sort()).toEqual([
        'campaigns.config.v1',
        'clicks.recorded.v1.dlq',
      ]);
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('compact');
    });

    it('produces idempotently with acks=all, consumes in a group, commits, and resumes after a restart', async () => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const first = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `first-${i}` }));
      const acks = await producer.send({ topic, acks: -1, messages: first });
      expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

      const seen: string[] = [];
      const startConsumer = async (): Promise<Consumer> => {
        const consumer = kafka.consumer({ groupId });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ topic: t, partition, message }: EachMessagePayload) => {
            seen.push(message.value?.toString() ?? '');
            await consumer.commitOffsets([
              { topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
          },
        });
        return consumer;
      };

      const consumer = await startConsumer();
      await eventually(
        () => {
          expect(seen).toHaveLength(10);
        },
        { timeoutMs: 30000 },
      );
      await consumer.disconnect();

      const second = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `second-${i}` }));
      await producer.send({ topic, acks: -1, messages: second });
      await producer.disconnect();

      const restarted = await startConsumer();
      await eventually(
        () => {
          expect(seen).toHaveLength(15);
        },
        { timeoutMs: 30000 },
      );
      await restarted.disconnect();
      // Resumed from the committed offsets: nothing of the first round was read twice.
      expect(seen.filter((v) => v.startsWith('first-')).sort()).toEqual(first.map((m) => m.value).sort());
      expect(seen.filter((v) => v.startsWith('second-')).sort()).toEqual(second.map((m) => m.value).sort());
    });
  });

  it('writes and reads Postgres', async () => {
    const client = new Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const schema = uniqueSchema('infra');
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.items (id int PRIMARY KEY, amount numeric(18,6) NOT NULL)`);
      await client.query(`INSERT INTO ${schema}.items VALUES (1, '12.500000'), (2, '-0.000001')`);
      const { rows } = await client.query<{ total: string }>(
        `SELECT sum(amount)::text AS total FROM ${schema}.items`,
      );
      expect(rows[0]?.total).toBe('12.499999');
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it('writes and reads Redis', async () => {
    const redis = new Redis(infra.redisUrl);
    const key = `test:infra:${uniqueSuffix()}`;
    try {
      await redis.set(key, 'value', 'EX', 60);
      expect(await redis.get(key)).toBe('value');
      expect(await redis.ttl(key)).toBeGreaterThan(0);
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });
});
