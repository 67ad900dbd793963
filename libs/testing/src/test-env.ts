/** The infrastructure a test run uses; globalSetup guarantees these variables are set. */
export interface TestInfrastructure {
  readonly kafkaBrokers: string[];
  readonly databaseUrl: string;
  readonly redisUrl: string;
}

export function testInfrastructure(): TestInfrastructure {
  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!brokers || !databaseUrl || !redisUrl) {
    throw new Error('KAFKA_BROKERS, DATABASE_URL and REDIS_URL must be set: run the tests with `npm test`.');
  }
  return { kafkaBrokers: brokers.split(',').map((b) => b.trim()), databaseUrl, redisUrl };
}
