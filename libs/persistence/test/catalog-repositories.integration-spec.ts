import { randomUUID } from 'node:crypto';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  InvalidCursorError,
  OfferRepository,
  ReferencedRowNotFoundError,
  type TrafficSourceEntity,
  TrafficSourceRepository,
  UniqueViolationError,
} from '../src';
import { allPages } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('catalog repositories', () => {
  let db: TestDatabase;
  let networks: AffiliateNetworkRepository;
  let offers: OfferRepository;
  let sources: TrafficSourceRepository;
  let campaigns: CampaignRepository;

  beforeAll(async () => {
    db = await createTestDatabase('catalog');
    networks = new AffiliateNetworkRepository(db.dataSource);
    offers = new OfferRepository(db.dataSource);
    sources = new TrafficSourceRepository(db.dataSource);
    campaigns = new CampaignRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  const aNetwork = () =>
    networks.create({
      name: 'CAKE network',
      template: 'cake',
      clickIdParam: 's2',
      postbackMacros: { payout: '#price#', txid: '#tid#' },
      allowedIps: ['203.0.113.0/24', '198.51.100.4'],
    });

  it('creates an affiliate network with database defaults and finds it again', async () => {
    const network = await aNetwork();
    expect(network).toMatchObject({
      name: 'CAKE network',
      template: 'cake',
      clickIdParam: 's2',
      postbackMacros: { payout: '#price#', txid: '#tid#' },
      appendClickId: true,
      acceptDuplicatePostbacks: false,
      allowedIps: ['203.0.113.0/24', '198.51.100.4'],
    });
    expect(network.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(network.createdAt).toBeInstanceOf(Date);
    expect(await networks.findById(network.id)).toEqual(network);
    expect(await networks.findById(randomUUID())).toBeNull();
  });

  it('updates only the given fields and moves updated_at', async () => {
    const network = await aNetwork();
    const updated = await networks.update(network.id, { acceptDuplicatePostbacks: true, name: undefined });
    expect(updated).toMatchObject({ name: 'CAKE network', acceptDuplicatePostbacks: true });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(network.updatedAt.getTime());
    expect(await networks.update(randomUUID(), { name: 'nobody' })).toBeNull();
  });

  it('keeps money as an exact decimal string', async () => {
    const network = await aNetwork();
    const offer = await offers.create({
      name: 'Sweepstakes DE',
      url: 'https://network.example/o?id=7&s2={clickid}',
      affiliateNetworkId: network.id,
      payoutMode: 'fixed',
      payoutAmount: '123456789012.123456',
      payoutCurrency: 'EUR',
    });
    expect(offer).toMatchObject({
      payoutAmount: '123456789012.123456',
      payoutCurrency: 'EUR',
      attributionWindowDays: 30,
    });
    const patched = await offers.update(offer.id, { payoutAmount: '0.000001' });
    expect(patched!.payoutAmount).toBe('0.000001');
    expect((await offers.findByIds([offer.id, randomUUID()])).map((o) => o.id)).toEqual([offer.id]);
    // One query for several networks (attribution's catalog cache), unknown ids left out.
    expect((await networks.findByIds([network.id, randomUUID()])).map((n) => n.id)).toEqual([network.id]);
  });

  it('refuses an offer of a network that does not exist, with a typed error', async () => {
    await expect(
      offers.create({
        name: 'orphan',
        url: 'https://x.example',
        affiliateNetworkId: randomUUID(),
        payoutCurrency: 'USD',
      }),
    ).rejects.toBeInstanceOf(ReferencedRowNotFoundError);
  });

  it('stores a campaign with its weighted offers, finds it by key, replaces the rotation', async () => {
    const network = await aNetwork();
    const [a, b] = await Promise.all(
      ['A', 'B'].map((name) =>
        offers.create({
          name,
          url: 'https://x.example/{clickid}',
          affiliateNetworkId: network.id,
          payoutCurrency: 'USD',
        }),
      ),
    );
    const source = await sources.create({
      name: 'PropellerAds',
      externalIdParam: 'clickid',
      variables: { var1: 'zone' },
    });
    const campaign = await campaigns.create({
      name: 'Push DE',
      trafficSourceId: source.id,
      offers: [
        { offerId: a.id, weight: 70 },
        { offerId: b.id, weight: 30 },
      ],
    });
    expect(campaign.key).toMatch(/^[a-z0-9]{10}$/);
    expect(campaign.status).toBe('active');
    expect(campaign.offers.map((o) => [o.offerId, o.weight]).sort()).toEqual(
      [
        [a.id, 70],
        [b.id, 30],
      ].sort(),
    );

    const byKey = await campaigns.findByKey(campaign.key);
    expect(byKey?.id).toBe(campaign.id);

    const updated = await campaigns.update(campaign.id, {
      status: 'paused',
      offers: [{ offerId: b.id, weight: 1 }],
    });
    expect(updated).toMatchObject({ status: 'paused', offers: [{ offerId: b.id, weight: 1 }] });
    expect(await campaigns.update(randomUUID(), { status: 'paused' })).toBeNull();

    await expect(
      campaigns.create({ name: 'dup', trafficSourceId: source.id, key: campaign.key, offers: [] }),
    ).rejects.toBeInstanceOf(UniqueViolationError);
    await expect(campaigns.update(campaign.id, { offers: [{ offerId: a.id, weight: 0 }] })).rejects.toThrow(
      /chk_campaign_offers_weight/,
    );
    // The failed rotation change rolled back as a whole.
    expect((await campaigns.findById(campaign.id))!.offers).toEqual([
      expect.objectContaining({ offerId: b.id }),
    ]);
  });

  it('pages through a list newest first, each row exactly once, with an opaque cursor', async () => {
    // Its own schema holds other tests' sources too: page through everything and check ours.
    const created: TrafficSourceEntity[] = [];
    for (let i = 0; i < 7; i += 1) created.push(await sources.create({ name: `source ${i}` }));
    const pages = await allPages((cursor) => sources.list({ limit: 3, cursor }));
    expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    const ids = pages.flat().map((source) => source.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = ids.filter((id) => created.some((source) => source.id === id));
    // Rows made in the same millisecond are ordered by id: the keyset's tie-breaker.
    const expected = [...created]
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id < x.id ? -1 : 1))
      .map((source) => source.id);
    expect(ours).toEqual(expected);
    const times = pages.flat().map((source) => source.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));

    await expect(sources.list({ cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('lists campaigns with their offers', async () => {
    const source = await sources.create({ name: 'list source' });
    const network = await aNetwork();
    const offer = await offers.create({
      name: 'L',
      url: 'https://x.example',
      affiliateNetworkId: network.id,
      payoutCurrency: 'USD',
    });
    const made = await campaigns.create({
      name: 'listed',
      trafficSourceId: source.id,
      offers: [{ offerId: offer.id, weight: 5 }],
    });
    const page = await campaigns.list({ limit: 1 });
    expect(page.items[0]).toMatchObject({ id: made.id, offers: [{ offerId: offer.id, weight: 5 }] });
    expect(page.nextCursor).not.toBeNull();
  });
});
