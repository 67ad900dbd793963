import { isIP } from 'node:net';
import { decodeEvent, type EventOf, type EventTopic } from '@clickledger/contracts';
import type { DecodeResult, IncomingMessage } from '@clickledger/platform-kafka';
import { correlationIdFromHeaders } from '@clickledger/platform-observability';

export interface DecodedEvent<T extends EventTopic> {
  readonly event: EventOf<T>;
  readonly correlationId?: string;
}

/** Extra checks beyond the contract, for values our columns would refuse (uuid, inet). */
export type StorageCheck<T extends EventTopic> = (event: EventOf<T>) => string | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const mustBeUuid = (name: string, value: string): string | null =>
  UUID.test(value) ? null : `data.${name}: must be a UUID (the catalog's ids are)`;

export const mustBeIp = (name: string, value: string): string | null =>
  isIP(value) === 0 ? `data.${name}: must be an IPv4 or IPv6 address` : null;

/** A message that fails its contract (or a storage check) goes to the dead-letter topic. */
export function eventDecoder<T extends EventTopic>(
  topic: T,
  check: StorageCheck<T> = () => null,
): (message: IncomingMessage) => DecodeResult<DecodedEvent<T>> {
  return (message) => {
    if (message.value === null) return { ok: false, error: 'empty message value' };
    const result = decodeEvent(topic, message.value);
    if (!result.ok) return { ok: false, error: result.errors.join('; ') };
    const problem = check(result.event);
    if (problem !== null) return { ok: false, error: problem };
    return {
      ok: true,
      value: { event: result.event, correlationId: correlationIdFromHeaders(message.headers) },
    };
  };
}
