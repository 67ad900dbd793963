/**
 * kafkajs 2.2.4 groups a send's messages by partition with `[...current, message]` for every
 * message: a copy of the partition's array per message, quadratic in the messages per partition
 * (tulios/kafkajs#1576 has the fix; unreleased). Attribution publishes a batch's ~1,700 conversion
 * events in one send: heap sampling put 16 % of everything it allocated there, and the garbage
 * collector's time with it. This grouping is linear and gives the same result: per partition, the
 * messages in the order given.
 *
 * kafkajs's producer keeps the function it required when its module loaded: the linear one
 * replaces it in Node's module cache first (see replaceKafkajsModule).
 */
import { replaceKafkajsModule } from './kafkajs-module-cache';

interface GroupArgs<M> {
  readonly topic: string;
  readonly partitionMetadata: readonly unknown[];
  readonly messages: readonly M[];
  readonly partitioner: (args: {
    topic: string;
    partitionMetadata: readonly unknown[];
    message: M;
  }) => number;
}

/** kafkajs's internal module, replaced in the module cache (pinned with kafkajs's version). */
const GROUPING_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition';
/** The kafkajs module that takes the grouping when it loads. */
const PRODUCER_MODULE = 'kafkajs/src/producer/sendMessages';

export function groupMessagesPerPartition<M>({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: GroupArgs<M>): Record<number, M[]> {
  const byPartition: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return byPartition;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (byPartition[partition] ??= []).push(message);
  }
  return byPartition;
}

const installed = replaceKafkajsModule(GROUPING_MODULE, groupMessagesPerPartition, PRODUCER_MODULE);

/** Whether kafkajs's producer groups with the linear function in this process. */
export function linearMessageGrouping(): boolean {
  return installed;
}
