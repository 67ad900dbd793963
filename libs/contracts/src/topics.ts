/**
 * Every Kafka topic of the contract (CONTRACT.md §6), defined once. The stack start and the test
 * setup apply these definitions idempotently; services refer to topics only through TOPICS.
 */
export interface TopicDefinition {
  readonly name: string;
  /** What the message key is, for readers of the contract. */
  readonly key: string;
  readonly partitions: number;
  /** Kafka topic-level configs (retention, cleanup policy, ...). */
  readonly config: Readonly<Record<string, string>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PARTITIONS = 6;

const event = <N extends string>(
  name: N,
  key: string,
  retentionDays: number,
): TopicDefinition & { name: N } => ({
  name,
  key,
  partitions: PARTITIONS,
  config: { 'retention.ms': String(retentionDays * DAY_MS), 'cleanup.policy': 'delete' },
});

export const TOPICS = {
  clicksRecorded: event('clicks.recorded.v1', 'click ID', 7),
  postbacksReceived: event('postbacks.received.v1', 'click ID', 7),
  postbacksRejected: event('postbacks.rejected.v1', 'click ID or empty', 7),
  conversionsAttributed: event('conversions.attributed.v1', 'click ID', 30),
  campaignsConfig: {
    name: 'campaigns.config.v1',
    key: 'campaign key',
    partitions: 1,
    // Compacted: the latest config per campaign key is kept forever; tombstones remove paused ones.
    config: {
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': '0',
      'delete.retention.ms': String(DAY_MS),
    },
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof TOPICS;

/** Dead-letter topic of a consumed topic: poison messages land here with the error in headers. */
export const dlqTopicName = (topic: string): string => `${topic}.dlq`;

/** Topics that are consumed get a dead-letter topic each. */
const CONSUMED: readonly TopicKey[] = [
  'clicksRecorded',
  'postbacksReceived',
  'postbacksRejected',
  'conversionsAttributed',
  'campaignsConfig',
];

/** The full set to create: every contract topic and every dead-letter topic. */
export const ALL_TOPIC_DEFINITIONS: readonly TopicDefinition[] = [
  ...Object.values(TOPICS),
  ...CONSUMED.map((key) => event(dlqTopicName(TOPICS[key].name), TOPICS[key].key, 30)),
];
