import { randomUUID } from 'node:crypto';
import {
  ClickRepository,
  ConversionRepository,
  type ConversionStatus,
  type NewClick,
} from '@clickledger/persistence';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import {
  apiClient,
  apiTestEnv,
  catalogFactory,
  createApiApp,
  createTestSchema,
  failingFields,
  type ApiClient,
  type TestSchema,
} from './api-app';

const codec = new ClickIdCodec(['api-reports-test-secret-01']);

interface Catalog {
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
}

type Metrics = Record<string, unknown>;
interface ReportBody {
  from: string;
  to: string;
  groupBy: string;
  tz: string;
  rows: (Metrics & { key: string; name: string | null })[];
  totals: Metrics;
}

const randomCatalog = (): Catalog => ({
  campaignId: randomUUID(),
  offerId: randomUUID(),
  affiliateNetworkId: randomUUID(),
  trafficSourceId: randomUUID(),
});

describe('control-plane API: GET /api/reports', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let clicks: ClickRepository;
  let conversions: ConversionRepository;

  beforeAll(async () => {
    database = await createTestSchema('api_reports');
    app = await createApiApp(apiTestEnv(database.schema));
    api = apiClient(app);
    clicks = new ClickRepository(database.db);
    conversions = new ConversionRepository(database.db);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Stores clicks at the given times, each with its cost (null: the source sent none). */
  async function click(catalog: Catalog, at: string, cost: string | null = null): Promise<NewClick> {
    const clickedAt = new Date(at);
    const row: NewClick = { clickId: codec.generate(clickedAt.getTime()), clickedAt, ...catalog, cost };
    expect(await clicks.insertMany([row])).toBe(1);
    return row;
  }

  async function convert(
    catalog: Catalog,
    at: string,
    amount: string,
    options: { status?: ConversionStatus; currency?: string; clickedAt?: string } = {},
  ): Promise<void> {
    const convertedAt = new Date(at);
    const clickedAt = new Date(options.clickedAt ?? convertedAt.getTime() - 60_000);
    const txid = randomUUID();
    const { created } = await conversions.insertIfAbsent({
      ...catalog,
      clickId: codec.generate(clickedAt.getTime()),
      eventType: 'sale',
      txid,
      dedupeKey: txid,
      status: options.status ?? 'approved',
      payoutAmount: amount,
      payoutCurrency: options.currency ?? 'USD',
      convertedAt,
      clickedAt,
      externalId: null,
      vars: {},
      postbackId: randomUUID(),
    });
    expect(created).toBe(true);
  }

  async function report(query: string): Promise<ReportBody> {
    const answer = await api.get<ReportBody>(`/api/reports?${query}`);
    expect(answer.statusCode).toBe(200);
    return answer.body;
  }

  const rowOf = (body: ReportBody, key: string) => {
    const row = body.rows.find((candidate) => candidate.key === key);
    if (row === undefined) throw new Error(`no row ${key} in ${JSON.stringify(body.rows)}`);
    return row;
  };

  describe('every grouping over one data set', () => {
    const range = 'from=2026-05-10T00:00:00Z&to=2026-05-11T00:00:00Z';
    const second = randomCatalog();
    let first: Catalog;
    // Campaign 1: 3 clicks costing 0.1 + 0.2 + none; approved payouts 0.1 + 0.2, one pending, one declined.
    const firstFigures = {
      clicks: 3,
      conversions: 2,
      pendingConversions: 1,
      declinedConversions: 1,
      currency: 'USD',
      revenue: '0.3',
      revenueByCurrency: { USD: '0.3' },
      cost: '0.3',
      profit: '0',
      cr: '0.666667',
      epc: '0.100000',
      roi: '0.000000',
    };
    // Campaign 2 (same network, its own offer and source): 2 clicks costing 0.5 each, nothing converted.
    const secondFigures = {
      clicks: 2,
      conversions: 0,
      pendingConversions: 0,
      declinedConversions: 0,
      currency: null,
      revenue: '0',
      revenueByCurrency: {},
      cost: '1',
      profit: '-1',
      cr: '0.000000',
      epc: '0.000000',
      roi: '-1.000000',
    };

    beforeAll(async () => {
      const factory = catalogFactory(api);
      const network = await factory.network({ name: 'Report Network' });
      const offer = await factory.offer(network.id, { name: 'Report Offer' });
      const source = await factory.trafficSource({ name: 'Report Source' });
      const campaign = await factory.campaign(source.id, [offer.id], { name: 'Report Campaign' });
      first = {
        campaignId: campaign.id,
        offerId: offer.id,
        affiliateNetworkId: network.id,
        trafficSourceId: source.id,
      };
      Object.assign(second, { affiliateNetworkId: network.id });
      await click(first, '2026-05-10T08:00:00Z', '0.1');
      await click(first, '2026-05-10T09:00:00Z', '0.2');
      await click(first, '2026-05-10T10:00:00Z');
      await click(second, '2026-05-10T11:00:00Z', '0.5');
      await click(second, '2026-05-10T12:00:00Z', '0.500000');
      await convert(first, '2026-05-10T08:30:00Z', '0.1');
      await convert(first, '2026-05-10T09:30:00Z', '0.2');
      await convert(first, '2026-05-10T09:40:00Z', '7', { status: 'pending' });
      await convert(first, '2026-05-10T09:50:00Z', '9', { status: 'declined' });
    });

    it('by campaign, with catalog names, money exact (0.1 + 0.2 = 0.3) and ratios as decimal strings', async () => {
      const body = await report(`${range}&groupBy=campaign`);
      expect(body).toMatchObject({
        from: '2026-05-10T00:00:00.000Z',
        to: '2026-05-11T00:00:00.000Z',
        groupBy: 'campaign',
        tz: 'UTC',
      });
      // Most clicks first.
      expect(body.rows).toEqual([
        { key: first.campaignId, name: 'Report Campaign', ...firstFigures },
        { key: second.campaignId, name: null, ...secondFigures },
      ]);
      expect(body.totals).toEqual({
        clicks: 5,
        conversions: 2,
        pendingConversions: 1,
        declinedConversions: 1,
        currency: 'USD',
        revenue: '0.3',
        revenueByCurrency: { USD: '0.3' },
        cost: '1.3',
        profit: '-1',
        cr: '0.400000',
        epc: '0.060000',
        roi: '-0.769231',
      });
    });

    it('by offer and by traffic source', async () => {
      const byOffer = await report(`${range}&groupBy=offer`);
      expect(byOffer.rows).toEqual([
        { key: first.offerId, name: 'Report Offer', ...firstFigures },
        { key: second.offerId, name: null, ...secondFigures },
      ]);
      const bySource = await report(`${range}&groupBy=trafficSource`);
      expect(bySource.rows).toEqual([
        { key: first.trafficSourceId, name: 'Report Source', ...firstFigures },
        { key: second.trafficSourceId, name: null, ...secondFigures },
      ]);
    });

    it('by affiliate network: both campaigns share one network', async () => {
      const body = await report(`${range}&groupBy=affiliateNetwork`);
      expect(body.rows).toEqual([{ key: first.affiliateNetworkId, name: 'Report Network', ...body.totals }]);
      expect(body.totals).toMatchObject({ clicks: 5, revenue: '0.3', cost: '1.3', roi: '-0.769231' });
    });

    it('by day', async () => {
      const body = await report(`${range}&groupBy=day`);
      expect(body.rows).toEqual([{ key: '2026-05-10', name: null, ...body.totals }]);
    });
  });

  describe('days in a time zone', () => {
    const catalog = randomCatalog();

    beforeAll(async () => {
      await click(catalog, '2026-06-01T10:00:00Z', '1');
      // 23:30 UTC is 01:30 the next day in Berlin (UTC+2 in summer).
      await click(catalog, '2026-06-01T23:30:00Z', '1');
      await convert(catalog, '2026-06-01T23:45:00Z', '4');
    });

    it('a click at 23:30 UTC lands on the next day in Europe/Berlin', async () => {
      const range = 'from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z&groupBy=day';
      const utc = await report(range);
      expect(utc.rows).toEqual([
        expect.objectContaining({ key: '2026-06-01', clicks: 2, conversions: 1, revenue: '4', cost: '2' }),
      ]);
      const berlin = await report(`${range}&tz=europe/berlin`);
      expect(berlin.tz).toBe('Europe/Berlin');
      expect(berlin.rows).toEqual([
        expect.objectContaining({
          key: '2026-06-01',
          clicks: 1,
          conversions: 0,
          revenue: '0',
          cost: '1',
          roi: '-1.000000',
        }),
        expect.objectContaining({
          key: '2026-06-02',
          clicks: 1,
          conversions: 1,
          revenue: '4',
          cost: '1',
          roi: '3.000000',
        }),
      ]);
    });

    it('reads dates without an offset in the zone: a Berlin day starts at 22:00 UTC in summer', async () => {
      const body = await report('from=2026-06-02&to=2026-06-03&groupBy=day&tz=Europe/Berlin');
      expect(body).toMatchObject({ from: '2026-06-01T22:00:00.000Z', to: '2026-06-02T22:00:00.000Z' });
      expect(body.rows).toEqual([expect.objectContaining({ key: '2026-06-02', clicks: 1, conversions: 1 })]);
    });
  });

  describe('the range [from, to)', () => {
    const catalog = randomCatalog();
    const from = '2026-07-01T00:00:00.000Z';
    const to = '2026-07-02T00:00:00.000Z';

    beforeAll(async () => {
      await click(catalog, '2026-06-30T23:59:59.999Z', '100');
      await click(catalog, from, '1');
      await click(catalog, '2026-07-01T23:59:59.999Z', '2');
      await click(catalog, to, '100');
      await convert(catalog, '2026-06-30T23:59:59.999Z', '100');
      await convert(catalog, from, '10');
      await convert(catalog, '2026-07-01T23:59:59.999Z', '20');
      await convert(catalog, to, '100');
    });

    it('counts clicks by clicked_at and conversions by converted_at, from inclusive, to exclusive', async () => {
      const body = await report(`from=${from}&to=${to}&groupBy=campaign`);
      expect(body.rows).toEqual([
        expect.objectContaining({
          key: catalog.campaignId,
          clicks: 2,
          cost: '3',
          conversions: 2,
          revenue: '30',
          profit: '27',
          roi: '9.000000',
        }),
      ]);
    });

    it('answers no rows and zero totals for a range without data', async () => {
      const body = await report('from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z&groupBy=offer');
      expect(body.rows).toEqual([]);
      expect(body.totals).toMatchObject({
        clicks: 0,
        conversions: 0,
        revenue: '0',
        cost: '0',
        cr: null,
        epc: null,
        roi: null,
      });
    });
  });

  describe('zero denominators and currencies', () => {
    const converted = randomCatalog();
    const free = randomCatalog();
    const mixed = randomCatalog();
    const range = 'from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&groupBy=campaign';

    beforeAll(async () => {
      // Clicked the day before the range, converted inside it.
      await click(converted, '2026-07-31T20:00:00Z', '1');
      await convert(converted, '2026-08-01T10:00:00Z', '5', { clickedAt: '2026-07-31T20:00:00Z' });
      // Clicks without cost.
      await click(free, '2026-08-01T10:00:00Z');
      await click(free, '2026-08-01T11:00:00Z');
      await convert(free, '2026-08-01T12:00:00Z', '1.5');
      // Payouts in two currencies.
      await click(mixed, '2026-08-01T10:00:00Z', '1');
      await convert(mixed, '2026-08-01T10:30:00Z', '3', { currency: 'USD' });
      await convert(mixed, '2026-08-01T10:40:00Z', '2', { currency: 'EUR' });
    });

    it('CR and EPC are null without clicks; ROI is null without cost', async () => {
      const body = await report(range);
      expect(rowOf(body, converted.campaignId)).toMatchObject({
        clicks: 0,
        conversions: 1,
        revenue: '5',
        cost: '0',
        profit: '5',
        cr: null,
        epc: null,
        roi: null,
      });
      expect(rowOf(body, free.campaignId)).toMatchObject({
        clicks: 2,
        conversions: 1,
        revenue: '1.5',
        cost: '0',
        profit: '1.5',
        cr: '0.500000',
        epc: '0.750000',
        roi: null,
      });
    });

    it('never adds payouts of different currencies: revenue per currency, derived figures null', async () => {
      const body = await report(range);
      expect(rowOf(body, mixed.campaignId)).toMatchObject({
        clicks: 1,
        conversions: 2,
        currency: null,
        revenue: null,
        revenueByCurrency: { EUR: '2', USD: '3' },
        profit: null,
        cr: '2.000000',
        epc: null,
        roi: null,
      });
      expect(body.totals).toMatchObject({ revenue: null, revenueByCurrency: { EUR: '2', USD: '9.5' } });
    });
  });

  describe('validation and auth', () => {
    it('names every missing or invalid parameter', async () => {
      const missing = await api.get('/api/reports');
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toMatchObject({ error: { code: 'request.validation-failed' } });
      expect(failingFields(missing.body)).toEqual(['from', 'groupBy', 'to']);
      const invalid = await api.get(
        '/api/reports?from=yesterday&to=2026-02-30&groupBy=country&tz=Mars/Olympus&currency=USD',
      );
      expect(invalid.statusCode).toBe(400);
      expect(failingFields(invalid.body)).toEqual(['currency', 'from', 'groupBy', 'to', 'tz']);
      const offset = await api.get('/api/reports?from=2026-01-01&to=2026-01-02&groupBy=day&tz=%2B01:00');
      expect(failingFields(offset.body)).toEqual(['tz']);
    });

    it('requires to after from and at most 400 days later', async () => {
      const reversed = await api.get('/api/reports?from=2026-02-01&to=2026-01-01&groupBy=day');
      expect(reversed.statusCode).toBe(400);
      expect(failingFields(reversed.body)).toEqual(['to']);
      const empty = await api.get('/api/reports?from=2026-01-01&to=2026-01-01&groupBy=day');
      expect(failingFields(empty.body)).toEqual(['to']);
      const tooLong = await api.get('/api/reports?from=2026-01-01&to=2027-02-06&groupBy=day');
      expect(failingFields(tooLong.body)).toEqual(['to']);
      // 2026-01-01 + 400 days = 2027-02-05: the longest range allowed.
      expect((await api.get('/api/reports?from=2026-01-01&to=2027-02-05&groupBy=day')).statusCode).toBe(200);
    });

    it('requires the bearer token', async () => {
      const url = '/api/reports?from=2026-01-01&to=2026-01-02&groupBy=day';
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await apiClient(app, 'wrong-token-0000').get(url)).statusCode).toBe(401);
    });
  });
});
