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

export interface GroupStart {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}

/**
 * Commits where a consumer group that has no members yet starts reading. kafkajs's
 * `admin.setOffsets` does the same with a consumer that waits its default 5 s fetch wait per
 * topic; this joins once for every topic with a short wait, and leaves.
 */
export async function setGroupOffsets(
  kafka: Kafka,
  groupId: string,
  starts: readonly GroupStart[],
): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    const topics = starts.map((start) => start.topic);
    await consumer.subscribe({ topics, fromBeginning: true });
    // `run` creates the group member synchronously, so the pause and seeks below are in place
    // before it joins. Seeks are committed at the first fetch, before anything is read; paused
    // topics are never read, so the first FETCH event means every seek is committed.
    await new Promise<void>((resolve, reject) => {
      const removeListener = consumer.on(consumer.events.FETCH, () => {
        removeListener();
        resolve();
      });
      consumer
        .run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: () => Promise.resolve() })
        .catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const { topic, partitions } of starts)
        for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
    });
  } finally {
    await consumer.disconnect();
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
  let starts: GroupStart[];
  try {
    starts = await Promise.all(
      topics.map(async (topic) => ({
        topic,
        partitions: (await fetchTopicOffsets(admin, topic)).map(({ partition, high }) => ({
          partition,
          offset: high,
        })),
      })),
    );
  } finally {
    await admin.disconnect();
  }
  await setGroupOffsets(kafka, groupId, starts);
}
