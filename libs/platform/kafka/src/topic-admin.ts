import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import type { TopicDefinition } from '@clickledger/contracts';
import { fetchTopicOffsets } from './topic-offsets';

export interface EnsureTopicsResult {
  readonly created: string[];
  readonly existing: string[];
}

/**
 * Creates the topics that are missing and aligns the configs of those that exist. Safe to run at
 * every start: an existing topic is never recreated, so no data is lost.
 */
export async function ensureTopics(
  kafka: Kafka,
  definitions: readonly TopicDefinition[],
): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const missing = definitions.filter((definition) => !present.has(definition.name));
    const existing = definitions.filter((definition) => present.has(definition.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((definition) => ({
          topic: definition.name,
          numPartitions: definition.partitions,
          replicationFactor: -1,
          configEntries: Object.entries(definition.config).map(([name, value]) => ({ name, value })),
        })),
      });
      // A leader is elected before it serves: wait until every new partition answers, so whoever
      // runs next (a service, a test) does not meet NOT_LEADER_FOR_PARTITION.
      for (const definition of missing) await fetchTopicOffsets(admin, definition.name);
    }
    if (existing.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: existing.map((definition) => ({
          type: ConfigResourceTypes.TOPIC,
          name: definition.name,
          configEntries: Object.entries(definition.config).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    return { created: missing.map((d) => d.name), existing: existing.map((d) => d.name) };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits the current end offsets of `topics` for a consumer group that has no members yet, so it
 * starts with what is written from now on instead of the topics' whole history. For test and
 * benchmark runs that share topics with earlier runs; a new production group reads everything.
 */
export async function startGroupAtEnd(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const offsets = await fetchTopicOffsets(admin, topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
