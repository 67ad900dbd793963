import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { KafkaEnv } from '@clickledger/platform-config';
import { ReadinessRegistry } from '@clickledger/platform-observability';
import { createKafkaClient } from '../kafka-client';
import type { PlatformLogger } from '../logger';
import { publishDurations, registerPublisherMetrics } from '../metrics/kafka.metrics';
import { DurablePublisher } from '../publisher/durable.publisher';
import { EventPublisher } from '../publisher/event.publisher';
import { publisherReadinessCheck } from './publisher-readiness.health';

export interface DurablePublisherModuleOptions {
  /** Default Kafka client id and spool folder name. */
  readonly serviceName: string;
}

/** Closes the publisher last: pending batches are sent or spooled before the process exits. */
@Injectable()
class DurablePublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(DurablePublisher) private readonly publisher: DurablePublisher) {}

  onApplicationShutdown(): Promise<void> {
    return this.publisher.close();
  }
}

/** Our PlatformLogger on top of a Nest logger (pino in the services), for the Kafka classes. */
export function nestPlatformLogger(logger: Logger): PlatformLogger {
  return {
    info: (fields, message) => {
      logger.log({ ...fields, msg: message });
    },
    warn: (fields, message) => {
      logger.warn({ ...fields, msg: message });
    },
    error: (fields, message) => {
      logger.error({ ...fields, msg: message });
    },
  };
}

/**
 * Provides a started `DurablePublisher` configured from `KafkaEnv`, with its metrics on the
 * application's registry and its readiness check on the HealthModule's registry, and the typed
 * `EventPublisher` over it, which services use. It starts even while Kafka is down (then it spools).
 */
@Global()
@Module({})
export class DurablePublisherModule {
  static forRoot(options: DurablePublisherModuleOptions): DynamicModule {
    return {
      module: DurablePublisherModule,
      providers: [
        {
          provide: DurablePublisher,
          inject: [KafkaEnv, Registry, { token: ReadinessRegistry, optional: true }],
          useFactory: async (
            env: KafkaEnv,
            registry: Registry,
            readiness: ReadinessRegistry | undefined,
          ): Promise<DurablePublisher> => {
            const publisher = new DurablePublisher({
              kafka: createKafkaClient({
                brokers: env.KAFKA_BROKERS,
                clientId: env.KAFKA_CLIENT_ID ?? options.serviceName,
                retries: 2,
              }),
              spoolDirectory: env.KAFKA_SPOOL_DIR ?? `.run/spool/${options.serviceName}`,
              spoolMaxBytes: env.KAFKA_SPOOL_MAX_BYTES,
              lingerMs: env.KAFKA_LINGER_MS,
              logger: nestPlatformLogger(new Logger('DurablePublisher')),
              onBatchDurable: publishDurations(registry),
            });
            registerPublisherMetrics(registry, publisher);
            // Ready while messages can be made durable: Kafka answering, or room left in the spool.
            readiness?.register(publisherReadinessCheck(publisher, env.KAFKA_SPOOL_MAX_BYTES));
            await publisher.start();
            return publisher;
          },
        },
        {
          provide: EventPublisher,
          inject: [DurablePublisher],
          useFactory: (publisher: DurablePublisher) => new EventPublisher(publisher),
        },
        DurablePublisherShutdown,
      ],
      exports: [DurablePublisher, EventPublisher],
    };
  }
}
