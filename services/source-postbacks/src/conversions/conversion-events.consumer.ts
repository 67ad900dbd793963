import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSchemaMigrated } from '@clickledger/persistence';
import { decodeEvent, TOPICS, type ConversionAttributedEvent } from '@clickledger/contracts';
import { KafkaEnv } from '@clickledger/platform-config';
import {
  ConsumerRunner,
  createKafkaClient,
  nestPlatformLogger,
  type DecodeResult,
  type IncomingMessage,
} from '@clickledger/platform-kafka';
import { ReadinessFlag, ReadinessRegistry } from '@clickledger/platform-observability';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../config/source-postbacks-settings';
import { DeliveryScheduler } from '../deliveries/delivery.scheduler';
import { PlanDeliveriesService } from '../deliveries/plan-deliveries.service';

/**
 * The Kafka entry adapter, kept thin so it moves onto the shared consumer module (issue 15):
 * decode `conversions.attributed.v1` (poison → `.dlq`), hand the batch to PlanDeliveriesService,
 * and let the runner commit only after the deliveries are stored. Starts the scheduler once the
 * schema is known to be migrated; on shutdown drains the consumer, then the scheduler.
 */
@Injectable()
export class ConversionEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConversionEventsConsumer.name);
  private readonly readiness = new ReadinessFlag('consumer', 'starting');
  private runner: ConsumerRunner<ConversionAttributedEvent> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafkaEnv: KafkaEnv,
    @Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings,
    private readonly planner: PlanDeliveriesService,
    private readonly scheduler: DeliveryScheduler,
    readinessRegistry: ReadinessRegistry,
  ) {
    readinessRegistry.register(this.readiness);
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertSchemaMigrated(this.dataSource, this.settings.schema);
    this.scheduler.start();
    const runner = new ConsumerRunner<ConversionAttributedEvent>({
      kafka: createKafkaClient({
        brokers: this.kafkaEnv.KAFKA_BROKERS,
        clientId: this.kafkaEnv.KAFKA_CLIENT_ID ?? 'source-postbacks',
      }),
      groupId: this.settings.consumerGroup,
      topics: [TOPICS.conversionsAttributed.name],
      // A new group reads from the start: no conversion published before it existed is skipped.
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 3000,
      maxWaitTimeMs: 500,
      decode,
      handle: async (batch) => {
        const inserted = await this.planner.plan(batch.map(({ value }) => value.data));
        if (inserted > 0) this.scheduler.wake();
      },
      retry: { attempts: 8, initialDelayMs: 200, maxDelayMs: 5000 },
      // Failures here mean Postgres is down: wait for it, skip nothing.
      onRetriesExhausted: 'keep-retrying',
      onStalled: (at, error) => {
        this.readiness.markNotReady(
          `consumer stalled on ${at.topic}[${String(at.partition)}], retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
      onRecovered: () => {
        this.readiness.markReady();
      },
      onFatalError: (error) => {
        this.readiness.markNotReady(
          `consumer stopped: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
      logger: nestPlatformLogger(new Logger('Consumer:conversions')),
    });
    this.runner = runner;
    await runner.start();
    this.readiness.markReady();
    this.logger.log({ groupId: this.settings.consumerGroup, msg: 'consumer started' });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.readiness.markNotReady('draining');
    await this.runner?.stop();
    await this.scheduler.stop();
  }
}

function decode(message: IncomingMessage): DecodeResult<ConversionAttributedEvent> {
  if (message.value === null) return { ok: false, error: 'empty message value' };
  const result = decodeEvent(TOPICS.conversionsAttributed.name, message.value);
  return result.ok ? { ok: true, value: result.event } : { ok: false, error: result.errors.join('; ') };
}
