import { ALL_TOPIC_DEFINITIONS } from '@clickledger/contracts';
import { createKafkaClient, ensureTopics, parseBrokers } from '@clickledger/platform-kafka';

/** Applies the topic definitions to the broker in KAFKA_BROKERS; idempotent. */
async function main(): Promise<void> {
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const result = await ensureTopics(
    createKafkaClient({ brokers, clientId: 'ensure-topics' }),
    ALL_TOPIC_DEFINITIONS,
  );
  console.error(
    `[clickledger] topics: ${result.created.length} created, ${result.existing.length} already present`,
  );
}

main().catch((error: unknown) => {
  console.error('[clickledger] ensuring topics failed:', error);
  process.exit(1);
});
