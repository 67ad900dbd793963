import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { decodeEvent, TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { KafkaEnv } from '@clickledger/platform-config';
import {
  ConsumerRunner,
  createKafkaClient,
  fetchTopicOffsets,
  type ConsumedMessage,
  type DecodeResult,
  type IncomingMessage,
  type KafkaClient,
} from '@clickledger/platform-kafka';
import { ReadinessFlag, ReadinessRegistry } from '@clickledger/platform-observability';
import { CampaignCatalog } from './campaign-catalog';

const TOPIC = TOPICS.campaignsConfig.name;

interface ConfigRecord {
  readonly campaignKey: string;
  /** null: a tombstone, the campaign was paused or archived. */
  readonly config: CampaignConfigData | null;
}

/**
 * Follows the compacted `campaigns.config.v1` into the in-memory catalog. Every instance reads the
 * whole topic (its own consumer group, from the beginning) and reports ready only once it has
 * read up to the end offsets seen at start; changes after that apply within a fetch interval.
 */
@Injectable()
export class CampaignConfigConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignConfigConsumer.name);
  private readonly ready = new ReadinessFlag('campaigns', 'campaign configs not loaded yet');
  private readonly kafka: KafkaClient;
  private readonly runner: ConsumerRunner<ConfigRecord>;
  /** Per partition, the offset that must be read before the catalog counts as loaded. */
  private readonly pending = new Map<number, bigint>();
  private caughtUp!: () => void;
  private readonly loaded = new Promise<void>((resolve) => (this.caughtUp = resolve));

  constructor(
    @Inject(KafkaEnv) env: KafkaEnv,
    private readonly catalog: CampaignCatalog,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this.ready);
    this.kafka = createKafkaClient({ brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID ?? 'click' });
    this.runner = new ConsumerRunner<ConfigRecord>({
      kafka: this.kafka,
      // Each instance needs every campaign: a group of its own, never shared.
      groupId: `click-config-${hostname()}-${String(process.pid)}-${randomBytes(3).toString('hex')}`,
      topics: [TOPIC],
      fromBeginning: true,
      maxWaitTimeMs: 100,
      decode: decodeConfig,
      handle: (messages) => {
        this.apply(messages);
        return Promise.resolve();
      },
      onRetriesExhausted: 'dead-letter',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const { partition, high, low } of await fetchTopicOffsets(admin, TOPIC)) {
        if (BigInt(high) > BigInt(low)) this.pending.set(partition, BigInt(high) - 1n);
      }
    } finally {
      await admin.disconnect();
    }
    if (this.pending.size === 0) this.markLoaded();
    await this.runner.start();
    await this.loaded;
  }

  async onApplicationShutdown(): Promise<void> {
    this.ready.markNotReady('shutting down');
    await this.runner.stop();
  }

  private apply(messages: readonly ConsumedMessage<ConfigRecord>[]): void {
    for (const { value, message } of messages) {
      for (const problem of this.catalog.apply(value.campaignKey, value.config)) {
        this.logger.error({ ...problem }, 'campaign config has a problem; fix it through the API');
      }
      const target = this.pending.get(message.partition);
      if (target !== undefined && BigInt(message.offset) >= target) {
        this.pending.delete(message.partition);
        if (this.pending.size === 0) this.markLoaded();
      }
    }
  }

  private markLoaded(): void {
    this.logger.log({ campaigns: this.catalog.size }, 'campaign configs loaded');
    this.ready.markReady();
    this.caughtUp();
  }
}

function decodeConfig(message: IncomingMessage): DecodeResult<ConfigRecord> {
  const campaignKey = message.key?.toString('utf8');
  if (!campaignKey) return { ok: false, error: 'campaign config message without a key' };
  if (message.value === null || message.value.length === 0)
    return { ok: true, value: { campaignKey, config: null } };
  const decoded = decodeEvent(TOPIC, message.value);
  if (!decoded.ok) return { ok: false, error: decoded.errors.join('; ') };
  return { ok: true, value: { campaignKey, config: decoded.event.data } };
}
