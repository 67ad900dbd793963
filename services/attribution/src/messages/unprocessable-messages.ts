import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { MAX_RAW_PARAM_LENGTH, MAX_RAW_PARAMS, TOPICS } from '@clickledger/contracts';
import { PostbackLogRepository, type NewPostbackLogEntry } from '@clickledger/persistence';
import type { ConsumedMessage, IncomingMessage } from '@clickledger/platform-kafka';
import { cutText } from '@clickledger/tracking';
import { postgresSafe } from '../core/postgres-text';
import { AttributionMetrics, type ConsumerName } from '../common/attribution.metrics';
import { isUuid, type UnprocessableCause } from './event-decoder';

export const UNPROCESSABLE = 'unprocessable';

/** A message that can never be processed, with why. */
export interface Unprocessable {
  readonly message: IncomingMessage;
  readonly cause: UnprocessableCause;
  readonly detail: string;
  readonly raw: unknown;
}

const POSTBACK_TOPICS: ReadonlySet<string> = new Set([
  TOPICS.postbacksReceived.name,
  TOPICS.postbacksRejected.name,
]);
const MAX_MESSAGE_LENGTH = 500;

/**
 * Records what no retry can fix, before it is dead-lettered: a log line with reason
 * `unprocessable` naming the cause, `attribution_unprocessable_messages_total{consumer,cause}`, and,
 * for a postback, a postback-log entry (reason `unprocessable`), so an accepted postback never
 * vanishes without a trace. The entry's id is the postback's id, else derived from the message's
 * place in Kafka: a redelivery writes nothing new.
 */
@Injectable()
export class UnprocessableMessages {
  private readonly logger = new Logger(UnprocessableMessages.name);

  constructor(
    private readonly log: PostbackLogRepository,
    private readonly metrics: AttributionMetrics,
  ) {}

  async record(consumer: ConsumerName, batch: readonly Unprocessable[]): Promise<void> {
    const entries = batch.filter((item) => POSTBACK_TOPICS.has(item.message.topic)).map(logEntryOf);
    try {
      await this.log.insertMany(entries);
    } catch (error) {
      if (!isDataException(error)) throw error;
      // Even what was salvaged is refused: keep the id, click, reason and cause, drop the rest.
      await this.log.insertMany(
        entries.map((entry) => ({ ...entry, receivedAt: entry.loggedAt, params: {}, sourceIp: null })),
      );
    }
    for (const item of batch) {
      this.metrics.unprocessable(consumer, item.cause);
      this.logger.error({
        reason: UNPROCESSABLE,
        cause: item.cause,
        detail: cutText(item.detail, 1000),
        topic: item.message.topic,
        partition: item.message.partition,
        offset: item.message.offset,
        msg: 'unprocessable message: recorded and dead-lettered, consumption goes on',
      });
    }
  }
}

/**
 * Postgres refused the data itself (SQLSTATE class 22 "data exception": invalid text, bad
 * encoding, out of range; or a NOT NULL / CHECK violation): the same input fails on every retry.
 */
export function isDataException(error: unknown): boolean {
  const carrier = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = carrier?.driverError?.code ?? carrier?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === '23502' || code === '23514');
}

/** Groups unprocessable messages of a batch by cause and detail (one dead-letter reason each). */
export function byDetail<T>(
  batch: readonly ConsumedMessage<T>[],
  unprocessableOf: (value: T) => Omit<Unprocessable, 'message'> | undefined,
): Unprocessable[][] {
  const groups = new Map<string, Unprocessable[]>();
  for (const { value, message } of batch) {
    const found = unprocessableOf(value);
    if (!found) continue;
    const key = `${found.cause}: ${found.detail}`;
    const group = groups.get(key) ?? [];
    group.push({ ...found, message });
    groups.set(key, group);
  }
  return [...groups.values()];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 ? postgresSafe(cutText(value, max)) : null;

/** What can be salvaged of a postback event that failed its contract, for the postback log. */
function logEntryOf(item: Unprocessable): NewPostbackLogEntry & { readonly loggedAt: Date } {
  const event = record(item.raw);
  const data = record(event?.data);
  const id = [data?.postbackId, event?.id].find(isUuid) ?? placeId(item.message);
  const sourceIp = typeof data?.sourceIp === 'string' && isIP(data.sourceIp) !== 0 ? data.sourceIp : null;
  return {
    id,
    receivedAt: storableTime(data?.receivedAt) ?? kafkaTime(item.message),
    loggedAt: kafkaTime(item.message),
    clickId:
      text(data?.clickId, 255) ??
      text(record(data?.params)?.cid, 255) ??
      text(item.message.key?.toString('utf8'), 255),
    outcome: 'rejected',
    reason: UNPROCESSABLE,
    message: postgresSafe(cutText(`${item.cause}: ${item.detail}`, MAX_MESSAGE_LENGTH)),
    params: paramsOf(data?.params),
    sourceIp,
  };
}

/** When Kafka stored the message (never out of Postgres's range). */
const kafkaTime = (message: IncomingMessage): Date => new Date(Number(message.timestamp) || Date.now());

// Postgres timestamps go from 4713 BC; years 1..9999 are a safe subset JavaScript writes as ISO.
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00Z');
const LATEST_MS = Date.parse('9999-12-31T00:00:00Z');

/** An ISO time Postgres will take, or undefined (a year-0 date passes the contract but not Postgres). */
function storableTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = new Date(value).getTime();
  return ms >= EARLIEST_MS && ms <= LATEST_MS ? new Date(ms) : undefined;
}

/** The string entries of the raw parameters, bounded as the contract bounds them. */
function paramsOf(value: unknown): Record<string, string> {
  const params = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [name, item] of Object.entries(record(value) ?? {})) {
    if (typeof item !== 'string' || count++ >= MAX_RAW_PARAMS) continue;
    params[postgresSafe(cutText(name, 64))] = postgresSafe(cutText(item, MAX_RAW_PARAM_LENGTH));
  }
  return params;
}

/** A stable UUID for a message without a usable id: its topic, partition and offset. */
function placeId(message: IncomingMessage): string {
  const hex = createHash('sha256')
    .update(`${message.topic}/${String(message.partition)}/${message.offset}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
