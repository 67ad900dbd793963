import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { assertSchemaMigrated } from '@clickledger/persistence';
import { TOPICS, type EventTopic } from '@clickledger/contracts';
import { KafkaEnv } from '@clickledger/platform-config';
import {
  ConsumerRunner,
  createKafkaClient,
  type ConsumedMessage,
  nestPlatformLogger,
  type PartitionRef,
  PoisonMessageError,
  registerConsumerMetrics,
} from '@clickledger/platform-kafka';
import { ReadinessFlag, ReadinessRegistry, runWithCorrelationId } from '@clickledger/platform-observability';
import { AttributePostbacksService } from '../attribution/attribute-postbacks.service';
import { RecordClicksService } from '../clicks/record-clicks.service';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../config/attribution-settings';
import { AttributionMetrics, type ConsumerName } from '../metrics/attribution.metrics';
import { PendingPostbacksScanner } from '../pending/pending-postbacks.scanner';
import { RecordRejectionsService } from '../rejections/record-rejections.service';
import { eventDecoder, mustBeIp, mustBeUuid, type Decoded, type DecodedEvent } from './event-decoder';
import {
  byDetail,
  isDataException,
  UNPROCESSABLE,
  UnprocessableMessages,
  type Unprocessable,
} from './unprocessable-messages';

export const DATABASE_SCHEMA = Symbol('DATABASE_SCHEMA');

/**
 * Starts the three consumers once the app is up and the schema is migrated, and drains them on
 * shutdown (each lets its batch finish and commit). Readiness is down until they run, while a
 * partition is stalled (its batch failed every attempt: a dependency is down; it is retried until
 * it succeeds, and readiness comes back by itself), and if a consumer crashed for good.
 */
@Injectable()
export class AttributionConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AttributionConsumers.name);
  private readonly readiness = new ReadinessFlag('consumers', 'starting');
  private readonly runners: ConsumerRunner<unknown>[] = [];
  private running = false;
  /** Why a partition is stalled, by `group topic/partition`. */
  private readonly stalled = new Map<string, string>();
  private crashed: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafkaEnv: KafkaEnv,
    @Inject(ATTRIBUTION_SETTINGS) private readonly settings: AttributionSettings,
    @Inject(DATABASE_SCHEMA) private readonly schema: string,
    private readonly clicks: RecordClicksService,
    private readonly postbacks: AttributePostbacksService,
    private readonly rejections: RecordRejectionsService,
    private readonly scanner: PendingPostbacksScanner,
    private readonly metrics: AttributionMetrics,
    private readonly unprocessable: UnprocessableMessages,
    readinessRegistry: ReadinessRegistry,
    registry: Registry,
  ) {
    readinessRegistry.register(this.readiness);
    registerConsumerMetrics(registry, this.runners);
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertSchemaMigrated(this.dataSource, this.schema);
    this.add(
      'clicks',
      TOPICS.clicksRecorded.name,
      eventDecoder(TOPICS.clicksRecorded.name, clickCheck),
      (batch) => this.clicks.record(batch.map(({ value }) => value.event.data)),
    );
    this.add(
      'postbacks',
      TOPICS.postbacksReceived.name,
      eventDecoder(TOPICS.postbacksReceived.name, (event) => mustBeIp('sourceIp', event.data.sourceIp)),
      (batch) => this.postbacks.handle(batch.map(({ value }) => value)),
    );
    this.add(
      'postbacks-rejected',
      TOPICS.postbacksRejected.name,
      eventDecoder(TOPICS.postbacksRejected.name, (event) => mustBeIp('sourceIp', event.data.sourceIp)),
      (batch) => this.rejections.record(batch.map(({ value }) => value.event.data)),
    );
    // In parallel: after a crash each join may wait for the dead member's session to expire.
    await Promise.all(this.runners.map((runner) => runner.start()));
    this.scanner.start();
    this.running = true;
    this.updateReadiness();
    this.logger.log({ groups: this.runners.length, msg: 'consumers started' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.readiness.markNotReady('draining');
    await this.scanner.stop();
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  private add<T extends EventTopic>(
    name: ConsumerName,
    topic: T,
    decode: ConstructorParameters<typeof ConsumerRunner<Decoded<T>>>[0]['decode'],
    handle: (batch: readonly ConsumedMessage<DecodedEvent<T>>[]) => Promise<void>,
  ): void {
    const groupId = `${this.settings.consumerGroupPrefix}.${name}`;
    const runner = new ConsumerRunner<Decoded<T>>({
      kafka: createKafkaClient({
        brokers: this.kafkaEnv.KAFKA_BROKERS,
        clientId: `${this.kafkaEnv.KAFKA_CLIENT_ID ?? 'attribution'}-${name}`,
      }),
      groupId,
      topics: [topic],
      // A new group reads the topic from its start: clicks and postbacks are never skipped.
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConcurrency,
      sessionTimeoutMs: this.settings.sessionTimeoutMs,
      heartbeatIntervalMs: Math.min(3000, Math.floor(this.settings.sessionTimeoutMs / 3)),
      maxWaitTimeMs: 500,
      decode,
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
      onStalled: (at, error) => {
        this.stalled.set(
          stallKey(groupId, at),
          `consumer ${groupId} stalled on ${at.topic}[${String(at.partition)}], retrying: ${describe(error)}`,
        );
        this.updateReadiness();
      },
      onRecovered: (at) => {
        this.stalled.delete(stallKey(groupId, at));
        this.updateReadiness();
      },
      onFatalError: (error) => {
        this.crashed = `consumer ${groupId} stopped: ${describe(error)}`;
        this.updateReadiness();
      },
      logger: nestPlatformLogger(new Logger(`Consumer:${name}`)),
    });
    this.runners.push(runner as ConsumerRunner<unknown>);
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
    handle: (batch: readonly ConsumedMessage<DecodedEvent<T>>[]) => Promise<void>,
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

  private updateReadiness(): void {
    if (!this.running) return;
    const reason = this.crashed ?? this.stalled.values().next().value;
    if (reason === undefined) this.readiness.markReady();
    else this.readiness.markNotReady(reason);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const stallKey = (groupId: string, { topic, partition }: PartitionRef): string =>
  `${groupId} ${topic}/${String(partition)}`;

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

const clickCheck = (event: DecodedEvent<typeof TOPICS.clicksRecorded.name>['event']): string | null => {
  const { data } = event;
  return (
    mustBeUuid('campaignId', data.campaignId) ??
    mustBeUuid('offerId', data.offerId) ??
    mustBeUuid('affiliateNetworkId', data.affiliateNetworkId) ??
    mustBeUuid('trafficSourceId', data.trafficSourceId) ??
    mustBeIp('ip', data.ip)
  );
};
