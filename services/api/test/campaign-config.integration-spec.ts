import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, validateEvent, type CampaignConfigEvent } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { collectFromNow, eventually, testInfrastructure, type KafkaCollector } from '@clickledger/testing';
import { republishAllCampaigns } from '../src/republish';
import {
  apiClient,
  apiTestEnv,
  catalogFactory,
  createApiApp,
  createTestSchema,
  type ApiClient,
  type TestSchema,
} from './api-app';

const TOPIC = TOPICS.campaignsConfig.name;
const infra = testInfrastructure();
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'api-config-test' });

type Row = Record<string, unknown> & { id: string };

describe('control-plane API: campaign config on campaigns.config.v1', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let make: ReturnType<typeof catalogFactory>;
  let collector: KafkaCollector;

  beforeAll(async () => {
    database = await createTestSchema('api_config');
    collector = await collectFromNow(kafka, [TOPIC]);
    app = await createApiApp(apiTestEnv(database.schema));
    api = apiClient(app);
    make = catalogFactory(api);
  });

  afterAll(async () => {
    await app.close();
    await collector.stop();
    await database.drop();
  });

  /** Configs published for `key` so far, oldest first, each checked against the contract; null for a tombstone. */
  const configsFor = (key: string): (CampaignConfigEvent | null)[] =>
    collector.messages
      .filter((message) => message.key === key)
      .map((message) => {
        if (message.value === null) return null;
        const validation = validateEvent(TOPIC, message.json);
        if (!validation.ok) throw new Error(`invalid event: ${validation.errors.join('; ')}`);
        return message.json as CampaignConfigEvent;
      });

  /** Waits for the `count`-th config of `key` and returns it (null: a tombstone). */
  const nthEvent = (key: string, count: number) =>
    eventually(() => {
      const configs = configsFor(key);
      if (configs.length < count)
        throw new Error(`${configs.length} configs for ${key}, waiting for ${count}`);
      return configs[count - 1] ?? null;
    });

  /** The `count`-th config of `key`, which must not be a tombstone. */
  const nthConfig = async (key: string, count: number) => {
    const event = await nthEvent(key, count);
    if (event === null) throw new Error(`config ${String(count)} of ${key} is a tombstone`);
    return event.data;
  };

  async function setUp() {
    const network = await make.network({ template: 'cake' });
    const source = await make.trafficSource({
      externalIdParam: 'clickid',
      costParam: 'cost',
      variables: { var1: 'zone' },
    });
    const offerA = await make.offer(network.id, { url: 'https://n.example/a?s2={clickid}' });
    const offerB = await make.offer(network.id, { url: 'https://n.example/b' });
    const campaign = await make.campaign(source.id, [offerA.id, offerB.id]);
    return { network, source, offerA, offerB, campaign, key: campaign.key as string };
  }

  it('publishes the resolved config when a campaign is created, keyed by its key', async () => {
    const { network, source, offerA, offerB, campaign, key } = await setUp();
    const config = await nthConfig(key, 1);
    expect(config).toEqual({
      campaignId: campaign.id,
      campaignKey: key,
      status: 'active',
      trafficSource: {
        id: source.id,
        externalIdParam: 'clickid',
        costParam: 'cost',
        variables: { var1: 'zone' },
      },
      offers: [
        {
          offerId: offerA.id,
          weight: 1,
          url: 'https://n.example/a?s2={clickid}',
          affiliateNetworkId: network.id,
          clickIdParam: 's2',
          appendClickId: true,
          currency: 'USD',
        },
        {
          offerId: offerB.id,
          weight: 1,
          url: 'https://n.example/b',
          affiliateNetworkId: network.id,
          clickIdParam: 's2',
          appendClickId: true,
          currency: 'USD',
        },
      ].sort((a, b) => a.offerId.localeCompare(b.offerId)),
      updatedAt: expect.any(String) as string,
    });
  });

  it('publishes again on a campaign update, and a tombstone when paused or archived', async () => {
    const { offerA, campaign, key } = await setUp();
    await nthConfig(key, 1);
    const updated = await api.patch<Row>(`/api/campaigns/${campaign.id}`, {
      offers: [{ offerId: offerA.id, weight: 9 }],
    });
    expect(updated.statusCode).toBe(200);
    // The write answered only once the config was durable in Kafka.
    const second = await nthConfig(key, 2);
    expect(second.offers.map((offer) => [offer.offerId, offer.weight])).toEqual([[offerA.id, 9]]);
    expect(second.status).toBe('active');

    await api.patch(`/api/campaigns/${campaign.id}`, { status: 'paused' });
    expect(await nthEvent(key, 3)).toBeNull();
    await api.patch(`/api/campaigns/${campaign.id}`, { status: 'active' });
    expect((await nthConfig(key, 4)).status).toBe('active');
    await api.patch(`/api/campaigns/${campaign.id}`, { status: 'archived' });
    expect(await nthEvent(key, 5)).toBeNull();
  });

  it('republishes every campaign using an offer whose URL changes', async () => {
    const { offerA, key } = await setUp();
    const other = await make.campaign((await make.trafficSource()).id, [offerA.id]);
    await nthConfig(key, 1);
    await nthConfig(other.key as string, 1);
    await api.patch(`/api/offers/${offerA.id}`, { url: 'https://n.example/a2?sub={clickid}&z={var1}' });
    for (const campaignKey of [key, other.key as string]) {
      const config = await nthConfig(campaignKey, 2);
      expect(config.offers.find((offer) => offer.offerId === offerA.id)?.url).toBe(
        'https://n.example/a2?sub={clickid}&z={var1}',
      );
    }
  });

  it('republishes campaigns whose offers use a network that changes', async () => {
    const { network, key } = await setUp();
    await nthConfig(key, 1);
    await api.patch(`/api/affiliate-networks/${network.id}`, { clickIdParam: 'sub5', appendClickId: false });
    const config = await nthConfig(key, 2);
    expect(config.offers.map((offer) => [offer.clickIdParam, offer.appendClickId])).toEqual([
      ['sub5', false],
      ['sub5', false],
    ]);
  });

  it('republishes campaigns of a traffic source that changes', async () => {
    const { source, key } = await setUp();
    await nthConfig(key, 1);
    await api.patch(`/api/traffic-sources/${source.id}`, {
      externalIdParam: 'cid',
      variables: { var2: 'site' },
    });
    expect((await nthConfig(key, 2)).trafficSource).toEqual({
      id: source.id,
      externalIdParam: 'cid',
      costParam: 'cost',
      variables: { var2: 'site' },
    });
  });

  it('leaves campaigns that do not use the changed row alone', async () => {
    const first = await setUp();
    const second = await setUp();
    await nthConfig(first.key, 1);
    await nthConfig(second.key, 1);
    await api.patch(`/api/offers/${first.offerA.id}`, { name: 'renamed' });
    await nthConfig(first.key, 2);
    // Publishing for one key and not another is ordered within the one partition of the topic.
    await api.patch(`/api/campaigns/${second.campaign.id}`, { name: 'touch' });
    await nthConfig(second.key, 2);
    expect(configsFor(second.key)).toHaveLength(2);
  });

  it('republishes every campaign with the republish command', async () => {
    const { key } = await setUp();
    const before = (await nthConfig(key, 1)).updatedAt;
    const count = await republishAllCampaigns(
      apiTestEnv(database.schema, { KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'api-republish-')) }),
    );
    const campaigns = await database.db.query<{ n: string }[]>('SELECT count(*)::text AS n FROM campaigns');
    expect(count).toBe(Number(campaigns[0].n));
    const again = await nthConfig(key, 2);
    expect(again.updatedAt).toBe(before);
    expect(again.status).toBe('active');
  });
});
