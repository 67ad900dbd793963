import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { KafkaEnv } from '@clickledger/platform-config';
import { createKafkaClient, DurablePublisher, nestPlatformLogger } from '@clickledger/platform-kafka';
import { IngressEnv } from '../ingress.env';

/** The durable publisher of rejection events, with a spool of its own. */
export const REJECTIONS_PUBLISHER = Symbol('REJECTIONS_PUBLISHER');

const DEFAULT_SPOOL_DIR = '.run/spool/postback-ingress';

/**
 * Junk gets its own bounded share of the disk: rejections (anyone can send a million bad
 * requests) are spooled apart, in `<KAFKA_SPOOL_DIR>/rejections` up to
 * POSTBACK_REJECTION_SPOOL_MAX_BYTES, so during a Kafka outage they can never fill the spool that
 * accepted postbacks need. A second DurablePublisher, same guarantees (acks=all or fsync).
 */
async function createRejectionsPublisher(
  kafkaEnv: KafkaEnv,
  env: IngressEnv,
  registry: Registry,
): Promise<DurablePublisher> {
  const publisher = new DurablePublisher({
    kafka: createKafkaClient({
      brokers: kafkaEnv.KAFKA_BROKERS,
      clientId: `${kafkaEnv.KAFKA_CLIENT_ID ?? 'postback-ingress'}-rejections`,
      retries: 2,
    }),
    spoolDirectory: join(kafkaEnv.KAFKA_SPOOL_DIR ?? DEFAULT_SPOOL_DIR, 'rejections'),
    spoolMaxBytes: env.POSTBACK_REJECTION_SPOOL_MAX_BYTES,
    lingerMs: kafkaEnv.KAFKA_LINGER_MS,
    logger: nestPlatformLogger(new Logger('RejectionsPublisher')),
  });
  new Gauge({
    name: 'postback_rejections_spool_bytes',
    help: 'Bytes of rejection events waiting in their own spool until Kafka answers again',
    registers: [registry],
    collect() {
      this.set(publisher.stats().spoolBytes);
    },
  });
  await publisher.start();
  return publisher;
}

/** Closes the rejections publisher after the HTTP server: what was answered is sent or spooled. */
@Injectable()
class RejectionsPublisherShutdown implements OnApplicationShutdown {
  constructor(@Inject(REJECTIONS_PUBLISHER) private readonly publisher: DurablePublisher) {}

  onApplicationShutdown(): Promise<void> {
    return this.publisher.close();
  }
}

export const REJECTIONS_PUBLISHER_PROVIDERS: Provider[] = [
  {
    provide: REJECTIONS_PUBLISHER,
    inject: [KafkaEnv, IngressEnv, Registry],
    useFactory: createRejectionsPublisher,
  },
  RejectionsPublisherShutdown,
];
