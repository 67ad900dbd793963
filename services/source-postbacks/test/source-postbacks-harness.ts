import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { testInfrastructure, uniqueGroup, uniqueSchema, uniqueSuffix } from '@clickledger/testing';
import { TOPICS, type ConversionAttributedData } from '@clickledger/contracts';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  createDataSource,
  OfferRepository,
  runMigrations,
  SourcePostbackRepository,
  TrafficSourceRepository,
  type SourcePostbackAttemptEntity,
  type SourcePostbackEntity,
} from '@clickledger/persistence';
import {
  createKafkaClient,
  eventMessage,
  startGroupAtEnd,
  type KafkaClient,
} from '@clickledger/platform-kafka';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec, type ConversionStatus } from '@clickledger/tracking';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { SOURCE_POSTBACKS_SERVICE_OPTIONS } from '../src/source-postbacks-service.options';

export const infra = testInfrastructure();
export const codec = new ClickIdCodec(['source-postbacks-test-secret-0001']);

export interface SourceOptions {
  readonly postbackUrl: string | null;
  readonly postbackMethod?: 'GET' | 'POST';
  readonly postbackStatuses?: ConversionStatus[];
  /** The campaign's override. */
  readonly campaignPostbackUrl?: string | null;
}

export interface CatalogSetup {
  readonly networkId: string;
  readonly offerId: string;
  readonly trafficSourceId: string;
  readonly campaignId: string;
}

/** Fast retries and short timeouts, so retry paths run in a test's time. */
export const FAST_ENV: Record<string, string> = {
  SOURCE_POSTBACK_ALLOW_PRIVATE: 'true',
  SOURCE_POSTBACK_RETRY_INITIAL: '100ms',
  SOURCE_POSTBACK_RETRY_MAX: '400ms',
  SOURCE_POSTBACK_TIMEOUT: '1500ms',
  SOURCE_POSTBACK_CONNECT_TIMEOUT: '500ms',
  SOURCE_POSTBACK_POLL_INTERVAL: '50ms',
  SOURCE_POSTBACK_CATALOG_CACHE_TTL: '0',
  SOURCE_POSTBACK_CIRCUIT_FAILURES: '1000',
};

/**
 * One test file's world: its own Postgres schema (migrated), its own consumer group started at
 * the topic's end, a producer of conversion events, and the service in-process or as a child.
 */
export class SourcePostbacksHarness {
  readonly schema = uniqueSchema('srcpb');
  readonly group = uniqueGroup('source-postbacks');
  readonly kafka: KafkaClient = createKafkaClient({
    brokers: infra.kafkaBrokers,
    clientId: 'source-postbacks-test',
  });
  db!: DataSource;
  deliveries!: SourcePostbackRepository;
  producer!: Producer;

  async setUp(): Promise<void> {
    await runMigrations({ url: infra.databaseUrl, schema: this.schema });
    this.db = await createDataSource({ url: infra.databaseUrl, schema: this.schema }).initialize();
    this.deliveries = new SourcePostbackRepository(this.db);
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    await startGroupAtEnd(this.kafka, this.group, [TOPICS.conversionsAttributed.name]);
  }

  async tearDown(): Promise<void> {
    await this.producer.disconnect();
    await this.db.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.db.destroy();
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_URL: infra.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      SOURCE_POSTBACK_CONSUMER_GROUP: this.group,
      LOG_LEVEL: 'warn',
      ...FAST_ENV,
      ...extra,
    };
  }

  async startApp(extra: Record<string, string> = {}): Promise<HttpServiceApp> {
    const app = await createHttpApp({
      ...SOURCE_POSTBACKS_SERVICE_OPTIONS,
      env: this.env(extra),
      logDestination: new Writable({
        write: (_chunk, _encoding, done) => {
          done();
        },
      }),
    });
    await app.init();
    return app;
  }

  async catalog(options: SourceOptions): Promise<CatalogSetup> {
    const suffix = uniqueSuffix();
    const network = await new AffiliateNetworkRepository(this.db).create({
      name: `network ${suffix}`,
      template: 'custom',
      clickIdParam: 'sub1',
      allowedIps: [],
      acceptDuplicatePostbacks: false,
    });
    const offer = await new OfferRepository(this.db).create({
      name: `offer ${suffix}`,
      url: 'https://network.example/o?s={clickid}',
      affiliateNetworkId: network.id,
      payoutMode: 'auto',
      payoutAmount: '2.5',
      payoutCurrency: 'USD',
      attributionWindowDays: 30,
    });
    const source = await new TrafficSourceRepository(this.db).create({
      name: `source ${suffix}`,
      externalIdParam: 'clickid',
      costParam: 'cost',
      variables: { var1: 'zone' },
      postbackUrl: options.postbackUrl,
      postbackMethod: options.postbackMethod ?? 'GET',
      postbackStatuses: options.postbackStatuses ?? ['approved'],
    });
    const campaign = await new CampaignRepository(this.db).create({
      name: `campaign ${suffix}`,
      trafficSourceId: source.id,
      offers: [{ offerId: offer.id, weight: 1 }],
      postbackUrl: options.campaignPostbackUrl ?? null,
    });
    return { networkId: network.id, offerId: offer.id, trafficSourceId: source.id, campaignId: campaign.id };
  }

  conversion(
    catalog: CatalogSetup,
    overrides: Partial<ConversionAttributedData> = {},
  ): ConversionAttributedData {
    const now = new Date();
    return {
      conversionId: randomUUID(),
      revision: 1,
      clickId: codec.generate(now.getTime() - 60_000),
      eventType: 'conversion',
      txid: null,
      status: 'approved',
      payout: { amount: '12.5', currency: 'USD' },
      convertedAt: now.toISOString(),
      clickedAt: new Date(now.getTime() - 60_000).toISOString(),
      campaignId: catalog.campaignId,
      offerId: catalog.offerId,
      affiliateNetworkId: catalog.networkId,
      trafficSourceId: catalog.trafficSourceId,
      externalId: `ext-${uniqueSuffix()}`,
      vars: {},
      ...overrides,
    };
  }

  async publish(events: readonly ConversionAttributedData[]): Promise<void> {
    const topic = TOPICS.conversionsAttributed.name;
    await this.producer.send({
      topic,
      acks: -1,
      messages: events.map((data) => eventMessage(topic, data)),
    });
  }

  async deliveriesOf(conversionId: string): Promise<SourcePostbackEntity[]> {
    return (await this.deliveries.list({ conversionId, limit: 500 })).items;
  }

  async attemptsOf(deliveryId: string): Promise<SourcePostbackAttemptEntity[]> {
    return this.deliveries.attemptsOf([deliveryId]);
  }
}
