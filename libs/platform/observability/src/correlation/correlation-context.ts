import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUuid } from '@clickledger/tracking';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** Accepted from callers that only send the more common request id header. */
export const REQUEST_ID_HEADER = 'x-request-id';

interface CorrelationStore {
  readonly correlationId: string;
}

/** The correlation id of the work in progress (an HTTP request, a consumed message). */
export const correlationContext = new AsyncLocalStorage<CorrelationStore>();

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return correlationContext.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return correlationContext.getStore()?.correlationId;
}

/**
 * A new id: a flat string (randomUuid; crypto.randomUUID's is a rope of hex pieces), written into
 * answers, log lines and events' headers without being flattened first.
 */
export function newCorrelationId(): string {
  return randomUuid();
}

// Ids come from outside: bound their length and alphabet so they cannot flood or forge log lines.
const SAFE_ID = /^[\w.:@/+=-]{1,128}$/;

export function isValidCorrelationId(value: string): boolean {
  return SAFE_ID.test(value);
}

/** Header values as HTTP (string | string[]) or kafkajs (Buffer | string | their arrays) give them. */
type HeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;

function firstText(value: HeaderValue): string | undefined {
  const first = Array.isArray(value)
    ? (value as readonly (string | Buffer)[])[0]
    : (value as string | Buffer | undefined);
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/**
 * The correlation id carried by HTTP or Kafka headers (`x-correlation-id`, else `x-request-id`),
 * or undefined when absent or not a safe id. Header names are matched case-insensitively, unless
 * `namesLowerCased` says they all are already (Node's HTTP request headers): then the two names
 * are looked up and nothing else, where a scan of every header for each was a share of every
 * redirect and postback (the header is usually absent).
 */
export function correlationIdFromHeaders(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  namesLowerCased = false,
): string | undefined {
  if (headers === undefined) return undefined;
  for (const name of ID_HEADERS) {
    const text = firstText(namesLowerCased ? headers[name] : headerNamed(headers, name))?.trim();
    if (text !== undefined && isValidCorrelationId(text)) return text;
  }
  return undefined;
}

const ID_HEADERS = [CORRELATION_ID_HEADER, REQUEST_ID_HEADER] as const;

/**
 * `headers[name]`, else the header whose name is `name` in another case (Kafka headers keep the
 * producer's case; Node's HTTP headers are lower case already). A loop, not Object.entries: this
 * runs for every request, and the header is usually absent.
 */
function headerNamed(headers: Readonly<Record<string, HeaderValue>>, name: string): HeaderValue {
  const exact = headers[name];
  if (exact !== undefined) return exact;
  for (const key in headers)
    if (key.length === name.length && key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** Headers to attach to an outgoing Kafka message or HTTP call: carries the current id along. */
export function correlationHeaders(): Record<string, string> {
  const correlationId = currentCorrelationId();
  return correlationId === undefined ? {} : { [CORRELATION_ID_HEADER]: correlationId };
}

/** Runs `fn` under the id found in `headers`, or a fresh one: what a consumer does per message. */
export function runWithCorrelationFromHeaders<T>(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  fn: () => T,
): T {
  return runWithCorrelationId(correlationIdFromHeaders(headers) ?? newCorrelationId(), fn);
}
