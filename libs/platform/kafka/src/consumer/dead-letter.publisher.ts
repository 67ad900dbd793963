import type { Producer } from 'kafkajs';
import { dlqTopicName } from '@clickledger/contracts';
import type { IncomingMessage, OutgoingMessage } from '../kafka-message';
import { sendAcknowledged } from '../publisher/kafka-batch';

export interface DeadLetter {
  readonly message: IncomingMessage;
  readonly error: string;
}

/** Headers a dead letter carries, so an operator can see why and where it came from. */
export const DEAD_LETTER_HEADERS = {
  error: 'x-dlq-error',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  failedAt: 'x-dlq-failed-at',
} as const;

const DEAD_LETTER_ACK_TIMEOUT_MS = 30_000;

/**
 * Sends poison messages to `<topic>.dlq` with acks=all, original key, value and headers kept,
 * in requests bounded in bytes (a whole poisoned batch can be larger than the broker accepts).
 */
export async function publishDeadLetters(producer: Producer, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const failedAt = new Date().toISOString();
  const messages: OutgoingMessage[] = letters.map(({ message, error }) => ({
    topic: dlqTopicName(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...definedHeaders(message.headers),
      [DEAD_LETTER_HEADERS.error]: error.slice(0, 4096),
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
      [DEAD_LETTER_HEADERS.failedAt]: failedAt,
    },
  }));
  await sendAcknowledged(producer, messages, DEAD_LETTER_ACK_TIMEOUT_MS);
}

function definedHeaders(headers: IncomingMessage['headers']): Record<string, Buffer> {
  const defined: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) defined[name] = value;
  return defined;
}
