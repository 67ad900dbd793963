import type { KafkaMessage } from 'kafkajs';
import type { IncomingMessage } from '../kafka-message';
import { ownEntry } from '@clickledger/tracking';

/** Maps a kafkajs message to ours; a repeated header keeps its first value. */
export function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  const headers: Record<string, Buffer | undefined> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    const bytes = first === undefined ? undefined : Buffer.isBuffer(first) ? first : Buffer.from(first);
    ownEntry(headers, name, bytes);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}
