import { execSync } from 'node:child_process';
import { ALL_TOPIC_DEFINITIONS } from '@clickledger/contracts';
import { Kafka, logLevel } from 'kafkajs';

/**
 * jest globalSetup for integration tests. Uses KAFKA_BROKERS, DATABASE_URL and REDIS_URL when they
 * are set (`npm test` sets them after starting the local stack); otherwise starts containers with
 * testcontainers if a Docker engine answers; otherwise explains how to start the stack.
 */
export default async function globalSetup(): Promise<void> {
  const wanted = ['KAFKA_BROKERS', 'DATABASE_URL', 'REDIS_URL'] as const;
  const missing = wanted.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    if (!dockerAvailable()) {
      throw new Error(
        `Integration tests need ${missing.join(', ')}. Run \`npm test\` (it starts Kafka, Postgres and Redis ` +
          'and sets them), or start the stack with `npm run stack:up` and export the variables it prints.',
      );
    }
    await startContainers(missing);
  }
  await createMissingTopics((process.env.KAFKA_BROKERS ?? '').split(','));
}

/**
 * `npm test` has already applied the topic definitions (scripts/ensure-topics); this covers
 * containers and other brokers. Plain kafkajs here keeps libs/testing free of the platform
 * libraries whose own tests use it.
 */
async function createMissingTopics(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-setup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = ALL_TOPIC_DEFINITIONS.filter((definition) => !present.has(definition.name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((definition) => ({
        topic: definition.name,
        numPartitions: definition.partitions,
        configEntries: Object.entries(definition.config).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

function dockerAvailable(): boolean {
  try {
    execSync('docker info', { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Imported lazily so machines without Docker never load testcontainers. */
async function startContainers(missing: readonly string[]): Promise<void> {
  if (missing.includes('KAFKA_BROKERS')) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  }
  if (missing.includes('DATABASE_URL')) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:15-alpine').withDatabase('clickledger_test').start();
    process.env.DATABASE_URL = pg.getConnectionUri();
  }
  if (missing.includes('REDIS_URL')) {
    const { RedisContainer } = await import('@testcontainers/redis');
    const redis = await new RedisContainer('redis:7-alpine').start();
    process.env.REDIS_URL = redis.getConnectionUrl();
  }
}
