import { Buffer } from 'node:buffer';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { OutgoingMessage } from '../kafka-message';
import { withTimeout } from '../timing';

/**
 * Groups messages by topic for one produce request, keeping their order within each topic. The
 * messages go as they are: kafkajs and the platform's encoder read their key, value and headers
 * and change nothing (a copy of each message and of its headers was two objects per redirect and
 * postback).
 */
export function toTopicMessages(messages: readonly OutgoingMessage[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const message of messages) {
    let list = byTopic.get(message.topic);
    if (!list) {
      list = [];
      byTopic.set(message.topic, list);
    }
    list.push(message);
  }
  return [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages }));
}

/**
 * Upper bound of one produce request. The broker refuses a record batch over `message.max.bytes`
 * (1 MiB by default) for a partition; staying under it for the whole request keeps every
 * partition's batch under it, so a batch of large messages is never refused (and never spooled
 * and replayed forever).
 */
export const MAX_REQUEST_BYTES = 900 * 1024;

/** Splits items, in order, into runs whose summed size stays within `maxBytes` (one item at least). */
export function chunkByBytes<T>(items: readonly T[], bytesOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Sends messages with acks=all, in order, in requests of at most MAX_REQUEST_BYTES; each request
 * must be acknowledged within `ackTimeoutMs`. `bytesAtMost`: the messages' messageBytesAtMost
 * summed, when the caller has it already.
 */
export async function sendAcknowledged(
  producer: Producer,
  messages: readonly OutgoingMessage[],
  ackTimeoutMs: number,
  bytesAtMost: number = sumBytesAtMost(messages),
): Promise<void> {
  // Usually the whole batch fits one request by the cheap bound; otherwise split by exact sizes.
  const chunks =
    bytesAtMost <= MAX_REQUEST_BYTES ? [messages] : chunkByBytes(messages, messageBytes, MAX_REQUEST_BYTES);
  for (const chunk of chunks) {
    await withTimeout(
      producer.sendBatch({ acks: -1, timeout: ackTimeoutMs, topicMessages: toTopicMessages(chunk) }),
      ackTimeoutMs,
      'Kafka acknowledgement',
    );
  }
}

function sumBytesAtMost(messages: readonly OutgoingMessage[]): number {
  let sum = 0;
  for (const message of messages) sum += messageBytesAtMost(message);
  return sum;
}

/** Bytes a message occupies on the wire, roughly: what the broker's size limit applies to. */
export function messageBytes(message: OutgoingMessage): number {
  return bytesOf(message, textBytes);
}

/**
 * At least `messageBytes(message)`, without encoding anything (a UTF-16 code unit is at most 3
 * UTF-8 bytes): when this bound is within a limit, so is the message, and the exact count, a
 * measurable share of publishing a redirect's event, is not needed.
 */
export function messageBytesAtMost(message: OutgoingMessage): number {
  return bytesOf(message, textBytesAtMost);
}

const textBytes = (text: string): number => Buffer.byteLength(text);
const textBytesAtMost = (text: string): number => text.length * 3;

function bytesOf(message: OutgoingMessage, ofText: (text: string) => number): number {
  const size = (value: string | Buffer | null | undefined): number =>
    value === null || value === undefined ? 0 : typeof value === 'string' ? ofText(value) : value.length;
  let bytes = size(message.key) + size(message.value);
  const headers = message.headers;
  if (headers !== undefined) for (const name in headers) bytes += ofText(name) + size(headers[name]);
  return bytes;
}
