import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  collectFromNow,
  eventually,
  testInfrastructure,
  uniqueGroup,
  uniqueSchema,
  uniqueSuffix,
  type KafkaCollector,
} from '@clickledger/testing';
import {
  dedupeConversionEvents,
  TOPICS,
  type ClickRecordedData,
  type ConversionAttributedData,
  type PostbackReceivedData,
} from '@clickledger/contracts';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  ConversionRepository,
  createDataSource,
  OfferRepository,
  PostbackLogRepository,
  runMigrations,
  TrafficSourceRepository,
  type PostbackLogEntryEntity,
} from '@clickledger/persistence';
import {
  createKafkaClient,
  eventMessage,
  startGroupAtEnd,
  type KafkaClient,
  type OutgoingMessage,
} from '@clickledger/platform-kafka';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ATTRIBUTION_SERVICE_OPTIONS } from '../src/attribution-service.options';

export const infra = testInfrastructure();
export const codec = new ClickIdCodec(['attribution-test-secret-0001']);

export interface CatalogSetup {
  readonly networkId: string;
  readonly offerId: string;
  readonly trafficSourceId: string;
  readonly campaignId: string;
}

export interface NetworkOptions {
  readonly allowedIps?: string[];
  readonly acceptDuplicatePostbacks?: boolean;
}

export interface OfferOptions {
  readonly payoutMode?: 'auto' | 'fixed';
  readonly payoutAmount?: string;
  readonly payoutCurrency?: string;
  readonly attributionWindowDays?: number;
}

/** The service's consumer groups (by suffix) and the topic each reads. */
const GROUPS = [
  ['clicks', TOPICS.clicksRecorded.name],
  ['postbacks', TOPICS.postbacksReceived.name],
  ['postbacks-rejected', TOPICS.postbacksRejected.name],
] as const;

/**
 * One test file's world: its own Postgres schema, its own consumer groups (started at the
 * topics' current end, so earlier runs' messages are not replayed into it), a producer for the
 * contract topics and a collector of the conversion events.
 */
export class AttributionHarness {
  readonly schema = uniqueSchema('attribution');
  readonly groupPrefix = uniqueGroup('attribution');
  readonly kafka: KafkaClient = createKafkaClient({
    brokers: infra.kafkaBrokers,
    clientId: 'attribution-test',
  });
  db!: DataSource;
  producer!: Producer;
  conversionsCollector!: KafkaCollector;

  async setUp(): Promise<void> {
    await runMigrations({ url: infra.databaseUrl, schema: this.schema });
    this.db = await createDataSource({ url: infra.databaseUrl, schema: this.schema }).initialize();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    await this.startGroupsAtEnd();
    this.conversionsCollector = await collectFromNow(this.kafka, [TOPICS.conversionsAttributed.name]);
  }

  async tearDown(): Promise<void> {
    await this.conversionsCollector.stop();
    await this.producer.disconnect();
    await this.db.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.db.destroy();
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: infra.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      REDIS_URL: infra.redisUrl,
      REDIS_KEY_PREFIX: `t:${this.schema}:`,
      ATTRIBUTION_CONSUMER_GROUP: this.groupPrefix,
      ATTRIBUTION_PENDING_SCAN_INTERVAL: '200ms',
      ATTRIBUTION_CATALOG_CACHE_TTL: '0',
      KAFKA_SPOOL_DIR: join(tmpdir(), `attribution-test-spool-${this.schema}`),
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  startApp(extra: Record<string, string> = {}): Promise<HttpServiceApp> {
    return createHttpApp({
      ...ATTRIBUTION_SERVICE_OPTIONS,
      env: this.env(extra),
      logDestination: new Writable({
        write: (_chunk, _encoding, done) => {
          done();
        },
      }),
    });
  }

  async catalog(network: NetworkOptions = {}, offer: OfferOptions = {}): Promise<CatalogSetup> {
    const suffix = uniqueSuffix();
    const createdNetwork = await new AffiliateNetworkRepository(this.db).create({
      name: `network ${suffix}`,
      template: 'custom',
      clickIdParam: 'sub1',
      allowedIps: network.allowedIps ?? [],
      acceptDuplicatePostbacks: network.acceptDuplicatePostbacks ?? false,
    });
    const createdOffer = await new OfferRepository(this.db).create({
      name: `offer ${suffix}`,
      url: 'https://network.example/o?s={clickid}',
      affiliateNetworkId: createdNetwork.id,
      payoutMode: offer.payoutMode ?? 'auto',
      payoutAmount: offer.payoutAmount ?? '2.5',
      payoutCurrency: offer.payoutCurrency ?? 'USD',
      attributionWindowDays: offer.attributionWindowDays ?? 30,
    });
    const source = await new TrafficSourceRepository(this.db).create({ name: `source ${suffix}` });
    const campaign = await new CampaignRepository(this.db).create({
      name: `campaign ${suffix}`,
      trafficSourceId: source.id,
      offers: [{ offerId: createdOffer.id, weight: 1 }],
    });
    return {
      networkId: createdNetwork.id,
      offerId: createdOffer.id,
      trafficSourceId: source.id,
      campaignId: campaign.id,
    };
  }

  clickData(catalog: CatalogSetup, clickedAtMs = Date.now()): ClickRecordedData {
    const clickId = codec.generate(clickedAtMs);
    return {
      clickId,
      campaignId: catalog.campaignId,
      campaignKey: 'key',
      offerId: catalog.offerId,
      affiliateNetworkId: catalog.networkId,
      trafficSourceId: catalog.trafficSourceId,
      clickedAt: new Date(clickedAtMs).toISOString(),
      ip: '198.51.100.7',
      userAgent: 'test',
      device: 'desktop',
      os: 'Linux',
      browser: 'Firefox',
      country: 'DE',
      externalId: `ext-${clickId}`,
      cost: '0.01',
      vars: { var1: 'zone-42' },
      referrer: null,
    };
  }

  private lastReceivedAt = 0;

  /** Like the ingress, each postback gets its own receive time: one created later is received later. */
  private nextReceivedAt(): string {
    this.lastReceivedAt = Math.max(Date.now(), this.lastReceivedAt + 1);
    return new Date(this.lastReceivedAt).toISOString();
  }

  postbackData(clickId: string, overrides: Partial<PostbackReceivedData> = {}): PostbackReceivedData {
    const parsed = codec.parse(clickId);
    if (!parsed.ok) throw new Error(`bad click id ${clickId}`);
    return {
      postbackId: randomUUID(),
      clickId,
      clickedAt: new Date(parsed.timestampMs).toISOString(),
      params: { cid: clickId },
      payout: null,
      txid: null,
      eventType: 'conversion',
      currency: null,
      status: 'approved',
      sourceIp: '203.0.113.10',
      receivedAt: this.nextReceivedAt(),
      warnings: [],
      ...overrides,
    };
  }

  async sendClicks(clicks: readonly ClickRecordedData[]): Promise<void> {
    await this.sendMessages(clicks.map((data) => eventMessage(TOPICS.clicksRecorded.name, data)));
  }

  async sendPostbacks(postbacks: readonly PostbackReceivedData[]): Promise<void> {
    const topic = TOPICS.postbacksReceived.name;
    await this.sendMessages(postbacks.map((data) => eventMessage(topic, data, { id: data.postbackId })));
  }

  /** In one produce request (so, per partition, in one batch), acks=all. */
  async sendMessages(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...new Set(messages.map((message) => message.topic))].map((topic) => ({
        topic,
        messages: messages.filter((message) => message.topic === topic),
      })),
    });
  }

  async sendRaw(topic: string, key: string, value: string): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  /** The postback's log entry once it has a final outcome (not pending). */
  settled(postbackId: string, timeoutMs = 30_000): Promise<PostbackLogEntryEntity> {
    const log = new PostbackLogRepository(this.db);
    return eventually(
      async () => {
        const entry = await log.findById(postbackId);
        if (!entry || entry.outcome === 'pending') throw new Error(`postback ${postbackId} not settled yet`);
        return entry;
      },
      { timeoutMs },
    );
  }

  logEntry(postbackId: string): Promise<PostbackLogEntryEntity | null> {
    return new PostbackLogRepository(this.db).findById(postbackId);
  }

  conversions(clickId: string) {
    return new ConversionRepository(this.db).list({ clickId, limit: 500 }).then((page) => page.items);
  }

  /**
   * A click's conversion events as a consumer following the contract sees them: deduplicated by
   * (conversionId, revision). Delivery is at-least-once, so a copy may be published again.
   */
  eventsFor(clickId: string): ConversionAttributedData[] {
    return dedupeConversionEvents(this.publishedEventsFor(clickId), (data) => data);
  }

  /** Every copy of a click's conversion events published so far. */
  publishedEventsFor(clickId: string): ConversionAttributedData[] {
    return this.conversionsCollector.messages
      .map((message) => (message.json as { data: ConversionAttributedData }).data)
      .filter((data) => data.clickId === clickId);
  }

  /** New consumer groups start at the topics' end: this run sees only what it produces. */
  private async startGroupsAtEnd(): Promise<void> {
    for (const [suffix, topic] of GROUPS) {
      await startGroupAtEnd(this.kafka, `${this.groupPrefix}.${suffix}`, [topic]);
    }
  }
}
