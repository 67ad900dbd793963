import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventTopic } from '@clickledger/contracts';
import {
  batchedFetch,
  KafkaConsumers,
  PoisonMessageError,
  type ConsumedMessage,
  type ManagedConsumerOptions,
} from '@clickledger/platform-kafka';
import { runWithCorrelationId } from '@clickledger/platform-observability';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../attribution-settings';
import { AttributionMetrics, type ConsumerName } from '../common/attribution.metrics';
import { eventDecoder, type Decoded, type DecodedEvent, type StorageCheck } from './event-decoder';
import {
  byDetail,
  isDataException,
  UNPROCESSABLE,
  UnprocessableMessages,
  type Unprocessable,
} from './unprocessable-messages';

/** Handles the decoded events of one batch; idempotent (delivery is at least once). */
export type EventBatchHandler<T extends EventTopic> = (
  batch: readonly ConsumedMessage<DecodedEvent<T>>[],
) => Promise<void>;

/**
 * How attribution consumes a contract topic, on top of the platform's KafkaConsumers: the group
 * `<prefix>.<name>` from the topic's start; every message decoded against its contract; what can
 * never be processed recorded (log, metric, postback log) and dead-lettered; a batch Postgres
 * refuses isolated message by message; the handler run under the batch's correlation id; and a
 * batch that keeps failing (a dependency is down) retried until it succeeds, the partition shown
 * stalled in readiness meanwhile.
 */
@Injectable()
export class EventConsumers {
  private readonly logger = new Logger(EventConsumers.name);

  constructor(
    private readonly consumers: KafkaConsumers,
    private readonly unprocessable: UnprocessableMessages,
    private readonly metrics: AttributionMetrics,
    @Inject(ATTRIBUTION_SETTINGS) private readonly settings: AttributionSettings,
  ) {}

  add<T extends EventTopic>(
    name: ConsumerName,
    topic: T,
    check: StorageCheck<T>,
    handle: EventBatchHandler<T>,
  ): void {
    const member: ManagedConsumerOptions<Decoded<T>> = {
      name,
      groupId: `${this.settings.consumerGroupPrefix}.${name}`,
      topics: [topic],
      // A new group reads the topic from its start: clicks and postbacks are never skipped.
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConcurrency,
      maxBytesPerPartition: this.settings.fetchBytesPerPartition,
      gatherUpTo: this.settings.gatherUpTo,
      largeBatchesAtOnce: this.settings.largeBatchesAtOnce,
      sessionTimeoutMs: this.settings.sessionTimeoutMs,
      heartbeatIntervalMs: Math.min(3000, Math.floor(this.settings.sessionTimeoutMs / 3)),
      ...batchedFetch(this.settings.batchWaitMs),
      decode: eventDecoder(topic, check),
      handle: async (batch) => {
        const started = process.hrtime.bigint();
        // What can never be processed is recorded, then dead-lettered by the runner (one cause at
        // a time, so the DLQ header names it), which hands the rest of the batch back here.
        const unprocessable = byDetail(batch, (value) =>
          value.kind === 'unprocessable' ? value : undefined,
        ).at(0);
        if (unprocessable) {
          await this.unprocessable.record(name, unprocessable);
          throw poison(unprocessable);
        }
        const events = batch.filter(isEvent);
        // One correlation id for the batch's log lines: the first message's.
        const correlationId = events.find((entry) => entry.value.correlationId)?.value.correlationId;
        const work = () => this.handleIsolatingRefusedData(name, events, handle);
        await (correlationId ? runWithCorrelationId(correlationId, work) : work());
        this.metrics.batch(name, Number(process.hrtime.bigint() - started) / 1e9);
      },
      retry: { attempts: 8, initialDelayMs: 200, maxDelayMs: 5000 },
      // A batch that keeps failing waits for its dependency (an infrastructure fault): nothing
      // is skipped or moved aside. Input that can never succeed never gets here (see above).
      onRetriesExhausted: 'keep-retrying',
    };
    // Members of one group in one process: Kafka gives each its share of the partitions, and each
    // fetches while the others write (see ATTRIBUTION_CONSUMER_MEMBERS). They share the decoder.
    for (let at = 1; at <= this.settings.consumerMembers; at++)
      this.consumers.create({ ...member, name: at === 1 ? name : `${name}-${String(at)}` });
  }

  /**
   * The ingress and the decoder keep out what Postgres would refuse; should some input still get
   * a data exception (the same on every retry), the batch is replayed one message at a time
   * (writes are idempotent) to find the messages Postgres refuses, which become unprocessable
   * instead of stalling the partition for good. Any other error is a fault: it is retried.
   */
  private async handleIsolatingRefusedData<T extends EventTopic>(
    name: ConsumerName,
    events: readonly ConsumedMessage<DecodedEvent<T>>[],
    handle: EventBatchHandler<T>,
  ): Promise<void> {
    if (events.length === 0) return;
    try {
      await handle(events);
      return;
    } catch (error) {
      if (!isDataException(error)) throw error;
      this.logger.warn({
        err: describe(error),
        msg: 'Postgres refused data of a batch: replaying it message by message',
      });
    }
    const refused: Unprocessable[] = [];
    for (const entry of events) {
      try {
        await handle([entry]);
      } catch (error) {
        if (!isDataException(error)) throw error;
        refused.push({
          message: entry.message,
          cause: 'rejected-by-database',
          detail: describe(error),
          raw: entry.value.event,
        });
      }
    }
    if (refused.length === 0) return;
    await this.unprocessable.record(name, refused);
    throw poison(refused);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const isEvent = <T extends EventTopic>(
  entry: ConsumedMessage<Decoded<T>>,
): entry is ConsumedMessage<DecodedEvent<T>> => entry.value.kind === 'event';

/** The runner dead-letters exactly these messages, with the cause in the DLQ error header. */
const poison = (group: readonly Unprocessable[]): PoisonMessageError => {
  const first = group.at(0);
  return new PoisonMessageError(
    group,
    `${UNPROCESSABLE} (${first?.cause ?? 'unknown'}): ${first?.detail ?? ''}`,
  );
};
