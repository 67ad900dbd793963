import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSchemaMigrated } from '@clickledger/persistence';
import { decodeEvent, TOPICS, type ConversionAttributedEvent } from '@clickledger/contracts';
import {
  batchedFetch,
  KafkaConsumers,
  type DecodeResult,
  type IncomingMessage,
} from '@clickledger/platform-kafka';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../source-postbacks-settings';
import { DeliveryScheduler } from '../deliveries/delivery.scheduler';
import { PlanDeliveriesService } from '../deliveries/plan-deliveries.service';

/**
 * The Kafka entry adapter: decode `conversions.attributed.v1` (poison → `.dlq`), hand the batch to
 * PlanDeliveriesService, and let the runner commit only after the deliveries are stored. Wiring,
 * readiness (a stalled partition shows) and draining are the platform's KafkaConsumers'. Starts
 * the scheduler and the consumer once the schema is known to be migrated; on shutdown both
 * drain before the database pool closes.
 */
@Injectable()
export class ConversionEventsConsumer
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings,
    private readonly planner: PlanDeliveriesService,
    private readonly scheduler: DeliveryScheduler,
    private readonly consumers: KafkaConsumers,
  ) {}

  onModuleInit(): void {
    this.consumers.create<ConversionAttributedEvent>({
      name: 'conversions',
      groupId: this.settings.consumerGroup,
      topics: [TOPICS.conversionsAttributed.name],
      // A new group reads from the start: no conversion published before it existed is skipped.
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      // A fetch's small batches planned in one transaction, not one per partition (see gatherUpTo).
      gatherUpTo: 500,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 3000,
      ...batchedFetch(this.settings.batchWaitMs),
      decode,
      handle: async (batch) => {
        const inserted = await this.planner.plan(batch.map(({ value }) => value.data));
        if (inserted > 0) this.scheduler.wake();
      },
      retry: { attempts: 8, initialDelayMs: 200, maxDelayMs: 5000 },
      // Failures here mean Postgres is down: wait for it, skip nothing.
      onRetriesExhausted: 'keep-retrying',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertSchemaMigrated(this.dataSource, this.settings.schema);
    this.scheduler.start();
    await this.consumers.start();
  }

  /** While KafkaConsumers drains the consumer; both before the pool closes (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

function decode(message: IncomingMessage): DecodeResult<ConversionAttributedEvent> {
  if (message.value === null) return { ok: false, error: 'empty message value' };
  const result = decodeEvent(TOPICS.conversionsAttributed.name, message.value);
  return result.ok ? { ok: true, value: result.event } : { ok: false, error: result.errors.join('; ') };
}
