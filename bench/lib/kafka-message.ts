import type { OutgoingMessage } from '@clickledger/platform-kafka';

/** A bench's raw kafkajs producer takes the platform's message (envelope, key, headers) without its topic. */
export function messageOf({ key, value, headers }: OutgoingMessage) {
  return { key, value, headers };
}
