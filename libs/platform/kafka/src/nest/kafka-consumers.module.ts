import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { KafkaEnv } from '@clickledger/platform-config';
import { ReadinessFlag, ReadinessRegistry } from '@clickledger/platform-observability';
import { ConsumerRunner, type ConsumerRunnerOptions, type PartitionRef } from '../consumer/consumer-runner';
import { createKafkaClient } from '../kafka-client';
import { registerConsumerMetrics } from '../metrics/kafka.metrics';
import { nestPlatformLogger } from './durable-publisher.module';

export interface KafkaConsumersModuleOptions {
  /** Default Kafka client id (each consumer's is `<id>-<consumer name>`). */
  readonly serviceName: string;
}

const MODULE_OPTIONS = Symbol('KAFKA_CONSUMERS_MODULE_OPTIONS');

export interface ManagedConsumerOptions<T> extends Omit<
  ConsumerRunnerOptions<T>,
  'kafka' | 'logger' | 'onStalled' | 'onRecovered'
> {
  /** Short and stable: the logger is `Consumer:<name>`, the client id `<client id>-<name>`. */
  readonly name: string;
  /**
   * Whether this consumer's state is the service's readiness (default true): down until it runs,
   * while one of its partitions is stalled (`keep-retrying`), and for good once it crashed. A
   * consumer whose service serves without it (the click service's config follower) says false.
   */
  readonly readiness?: boolean;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The service's Kafka consumers: builds each runner from KafkaEnv (its own client, a Nest logger),
 * exposes their lag and counters on `/metrics`, keeps the `consumers` readiness check, and drains
 * them on shutdown (each lets its batch finish and commit). A service creates its consumers, then
 * calls `start()` once its own preconditions hold (its schema is migrated, say).
 */
@Injectable()
export class KafkaConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(KafkaConsumers.name);
  /** Live list: the metrics read it at scrape time. */
  private readonly runners: ConsumerRunner<unknown>[] = [];
  private readonly started = new Set<ConsumerRunner<unknown>>();
  private flag: ReadinessFlag | undefined;
  private running = false;
  /** Why a partition is stalled, by `group topic/partition`. */
  private readonly stalled = new Map<string, string>();
  private crashed: string | undefined;

  constructor(
    private readonly env: KafkaEnv,
    private readonly readiness: ReadinessRegistry,
    registry: Registry,
    @Inject(MODULE_OPTIONS) private readonly options: KafkaConsumersModuleOptions,
  ) {
    registerConsumerMetrics(registry, this.runners);
  }

  /** A consumer, tracked for metrics, readiness and shutdown; started by `start()` or its caller. */
  create<T>(options: ManagedConsumerOptions<T>): ConsumerRunner<T> {
    const { name, readiness = true, onFatalError, ...runnerOptions } = options;
    if (readiness) this.flag ??= this.registerFlag();
    const groupId = options.groupId;
    const runner: ConsumerRunner<T> = new ConsumerRunner<T>({
      ...runnerOptions,
      kafka: createKafkaClient({
        brokers: this.env.KAFKA_BROKERS,
        clientId: `${this.env.KAFKA_CLIENT_ID ?? this.options.serviceName}-${name}`,
      }),
      logger: nestPlatformLogger(new Logger(`Consumer:${name}`)),
      ...(readiness && {
        onStalled: (at: PartitionRef, error: unknown) => {
          this.stalled.set(
            stallKey(groupId, at),
            `consumer ${groupId} stalled on ${at.topic}[${String(at.partition)}], retrying: ${describe(error)}`,
          );
          this.updateReadiness();
        },
        onRecovered: (at: PartitionRef) => {
          this.stalled.delete(stallKey(groupId, at));
          this.updateReadiness();
        },
      }),
      onFatalError: (error) => {
        if (readiness) {
          this.crashed = `consumer ${groupId} stopped: ${describe(error)}`;
          this.updateReadiness();
        }
        onFatalError?.(error);
      },
    });
    this.runners.push(runner as ConsumerRunner<unknown>);
    return runner;
  }

  /**
   * Starts every consumer created and not started yet, in parallel (after a crash each join may
   * wait for the dead member's session to expire); readiness is up once they all run.
   */
  async start(): Promise<void> {
    const pending = this.runners.filter((runner) => !this.started.has(runner));
    for (const runner of pending) this.started.add(runner);
    await Promise.all(pending.map((runner) => runner.start()));
    this.running = true;
    this.updateReadiness();
    this.logger.log({ groups: pending.length, msg: 'consumers started' });
  }

  /** Stops a consumer (it lets its batch finish and commit) and forgets it. */
  async release<T>(runner: ConsumerRunner<T>): Promise<void> {
    await runner.stop();
    const tracked = runner as ConsumerRunner<unknown>;
    const at = this.runners.indexOf(tracked);
    if (at >= 0) this.runners.splice(at, 1);
    this.started.delete(tracked);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.flag?.markNotReady('draining');
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  private registerFlag(): ReadinessFlag {
    const flag = new ReadinessFlag('consumers', 'starting');
    this.readiness.register(flag);
    return flag;
  }

  private updateReadiness(): void {
    if (!this.running || !this.flag) return;
    const reason = this.crashed ?? this.stalled.values().next().value;
    if (reason === undefined) this.flag.markReady();
    else this.flag.markNotReady(reason);
  }
}

const stallKey = (groupId: string, { topic, partition }: PartitionRef): string =>
  `${groupId} ${topic}/${String(partition)}`;

/**
 * Provides `KafkaConsumers` configured from `KafkaEnv`, with their metrics on the application's
 * registry and their readiness on the HealthModule's registry.
 */
@Global()
@Module({})
export class KafkaConsumersModule {
  static forRoot(options: KafkaConsumersModuleOptions): DynamicModule {
    return {
      module: KafkaConsumersModule,
      providers: [{ provide: MODULE_OPTIONS, useValue: options }, KafkaConsumers],
      exports: [KafkaConsumers],
    };
  }
}
