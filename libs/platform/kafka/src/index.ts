export * from './kafka-client';
export { fixRequestQueueIdleLoop } from './request-queue-idle-fix';
export { linearMessageGrouping } from './linear-message-grouping';
export { exactSizeRecordEncoding } from './record-encoding';
export { compactRecordDecoding } from './record-decoding';
export { nativeRecordBatchChecksum } from './native-crc32c';
export { onePassProduceEncoding } from './produce-encoding';
export { keyHashPartitioner } from './publisher/key-hash-partitioner';
export * from './topic-admin';
export * from './topic-offsets';
export * from './kafka-message';
export * from './kafka-platform.error';
export * from './kafka-readiness.health';
export type { PlatformLogger } from './logger';
export {
  DurablePublisher,
  DEFAULT_SPOOL_MAX_BYTES,
  type DurablePublisherOptions,
  type PublisherStats,
} from './publisher/durable.publisher';
export {
  envelopeMessage,
  eventMessage,
  EventPublisher,
  type MessageSink,
  type PublishOptions,
} from './publisher/event.publisher';
export * from './consumer/consumer-runner';
export { PoisonMessageError } from './consumer/poison-message.error';
export { DEAD_LETTER_HEADERS } from './consumer/dead-letter.publisher';
export { registerConsumerMetrics } from './metrics/kafka.metrics';
export * from './nest/durable-publisher.module';
export * from './nest/publisher-readiness.health';
export * from './nest/kafka-consumers.module';
