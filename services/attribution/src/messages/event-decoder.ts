import { isIP } from 'node:net';
import { validateEvent, type EventOf, type EventTopic } from '@clickledger/contracts';
import type { DecodeResult, IncomingMessage } from '@clickledger/platform-kafka';
import { correlationIdFromHeaders } from '@clickledger/platform-observability';
import { toStorableText } from '@clickledger/tracking';

/** Why a message can never be processed; a metric label, so a short fixed list. */
export type UnprocessableCause = 'undecodable' | 'schema-invalid' | 'rejected-by-database';

export interface DecodedEvent<T extends EventTopic> {
  readonly kind: 'event';
  readonly event: EventOf<T>;
  readonly correlationId?: string;
}

/** A message no retry can fix: logged, counted, written to the postback log when it is a postback, dead-lettered. */
export interface UnprocessableMessage {
  readonly kind: 'unprocessable';
  readonly cause: UnprocessableCause;
  /** What exactly is wrong (the failing paths, the parse error): for the log and the DLQ header. */
  readonly detail: string;
  /** The JSON value when the bytes parsed, to salvage what can be shown in the postback log. */
  readonly raw: unknown;
}

export type Decoded<T extends EventTopic> = DecodedEvent<T> | UnprocessableMessage;

/** Extra checks beyond the contract, for values our columns would refuse (uuid, inet). */
export type StorageCheck<T extends EventTopic> = (event: EventOf<T>) => string | null;

/** `\u0000` or a surrogate's escape (`\uD800`–`\uDFFF`); an escaped backslash before it only costs the reviver. */
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const mustBeUuid = (name: string, value: string): string | null =>
  isUuid(value) ? null : `data.${name}: must be a UUID (the catalog's ids are)`;

export const mustBeIp = (name: string, value: string): string | null =>
  isIP(value) === 0 ? `data.${name}: must be an IPv4 or IPv6 address` : null;

const unprocessable = (cause: UnprocessableCause, detail: string, raw?: unknown): UnprocessableMessage => ({
  kind: 'unprocessable',
  cause,
  detail,
  raw,
});

/**
 * Decodes a message into its event, or says why it can never be processed: never throws and never
 * fails the batch, so no input can stop a consumer. The consumer's handler records the
 * unprocessable ones (log, metric, postback log) and has them dead-lettered.
 */
export function eventDecoder<T extends EventTopic>(
  topic: T,
  check: StorageCheck<T> = () => null,
): (message: IncomingMessage) => DecodeResult<Decoded<T>> {
  return (message) => ({ ok: true, value: decode(topic, check, message) });
}

function decode<T extends EventTopic>(
  topic: T,
  check: StorageCheck<T>,
  message: IncomingMessage,
): Decoded<T> {
  if (message.value === null) return unprocessable('undecodable', 'empty message value');
  let raw: unknown;
  try {
    // Every string made storable as it is read: a NUL or a lone surrogate never reaches Postgres
    // or the events we publish (keys are cleaned where they are stored, see postgresSafeRecord).
    // Only a `\u` escape can put one in a parsed string (decoding the bytes as UTF-8 replaced
    // invalid sequences, and JSON forbids raw control characters), so text without such an
    // escape is parsed without the per-value reviver.
    const text = message.value.toString('utf8');
    raw = UNSTORABLE_ESCAPE.test(text)
      ? JSON.parse(text, (_key, value: unknown) =>
          typeof value === 'string' ? toStorableText(value) : value,
        )
      : JSON.parse(text);
  } catch {
    return unprocessable('undecodable', 'message value is not valid JSON');
  }
  try {
    const result = validateEvent(topic, raw);
    if (!result.ok) return unprocessable('schema-invalid', result.errors.join('; '), raw);
    const problem = check(result.event);
    if (problem !== null) return unprocessable('schema-invalid', problem, raw);
    return { kind: 'event', event: result.event, correlationId: correlationIdFromHeaders(message.headers) };
  } catch (error) {
    return unprocessable('undecodable', `event could not be read: ${String(error)}`, raw);
  }
}
