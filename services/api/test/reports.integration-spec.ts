import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClickRepository,
  ConversionRepository,
  type ConversionStatus,
  type NewClick,
  type StoredConversion,
} from '@clickledger/persistence';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import { testInfrastructure } from '@clickledger/testing';
import { importExchangeRates } from '../src/import-exchange-rates';
import {
  apiClient,
  apiTestEnv,
  catalogFactory,
  createApiApp,
  createTestSchema,
  failingFields,
  TEST_TOKEN,
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

interface Group {
  dimension: string;
  key: string | null;
  name: string | null;
}
type Row = Record<string, unknown> & { groups: Group[] };
interface ReportBody {
  from: string;
  to: string;
  groupBy: string[];
  tz: string;
  currency: string;
  rows: Row[];
  totals: Record<string, unknown>;
}

/**
 * One data set, its figures worked out by hand below. Rates: EUR 1.10 on 09-01 and 1.20 on 09-02,
 * GBP 1.25 on 09-01 (USD is the report currency).
 *
 * Campaign 1 (offer 1), day 09-01 (click: time, country, device, os, var1, var2):
 *   k1 08:10 DE mobile Android zone-1 site-a cost 0.10 → sale approved 10 EUR at 12:00 (= 11 USD)
 *   k2 08:20 DE desktop Windows zone-1 site-a cost 0.10 → lead approved 2 USD at 13:00
 *   k3 09:05 US mobile iOS zone-2 cost 0.10 → sale approved 5 USD at 14:00, then revised to declined
 *   b1 09:30 DE desktop Windows zone-1 cost 0.10, a bot → lead approved 1 GBP at 10:00 (= 1.25 USD)
 * Campaign 2 (offer 2), day 09-02, cost 30 EUR over the whole day (= 36 USD, 18 per click):
 *   k4 10:00 FR mobile Android no var1, site-b → sale pending 20 EUR at 12:00, then revised to approved (= 24 USD)
 *   k5 11:00 FR mobile iOS var1 "=cmd" → sale approved 100 USD at 12:30, a test conversion
 */
const RANGE = 'from=2026-09-01T00:00:00Z&to=2026-09-03T00:00:00Z';

describe('control-plane API: reports v2 over rollups', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let clicks: ClickRepository;
  let conversions: ConversionRepository;
  let first: Catalog;
  let second: Catalog;
  const clickIds: Record<string, NewClick> = {};

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

  async function click(name: string, catalog: Catalog, at: string, fields: Partial<NewClick> = {}) {
    const clickedAt = new Date(at);
    const row: NewClick = { clickId: codec.generate(clickedAt.getTime()), clickedAt, ...catalog, ...fields };
    expect(await clicks.insertMany([row])).toBe(1);
    clickIds[name] = row;
  }

  async function convert(
    clickName: string,
    at: string,
    amount: string,
    currency: string,
    eventType = 'sale',
    status: 'approved' | 'pending' = 'approved',
  ): Promise<string> {
    const {
      clickId,
      clickedAt,
      campaignId,
      offerId,
      affiliateNetworkId,
      trafficSourceId,
      country,
      device,
      os,
      browser,
    } = clickIds[clickName];
    const txid = randomUUID();
    const id = randomUUID();
    // Through the attribution's own write path (ConversionRepository.writeBatch).
    const written = await write({
      id,
      revision: 1,
      originalStatus: null,
      campaignId,
      offerId,
      affiliateNetworkId,
      trafficSourceId,
      clickId,
      clickedAt,
      eventType,
      txid,
      dedupeKey: txid,
      status,
      payoutAmount: amount,
      payoutCurrency: currency,
      convertedAt: new Date(at),
      externalId: null,
      vars: clickIds[clickName].vars ?? {},
      postbackId: randomUUID(),
      // Copied from the click, as the attribution does.
      country: country ?? null,
      device: device ?? null,
      os: os ?? null,
      browser: browser ?? null,
    });
    expect(written.inserted).toBe(1);
    return id;
  }

  const write = (conversion: StoredConversion) =>
    conversions.writeBatch({ inserts: [conversion], updates: [], log: [] });

  /** A status change as the attribution writes it: the next revision, only when the status differs. */
  async function changeStatus(id: string, status: ConversionStatus): Promise<boolean> {
    const current = await conversions.findById(id);
    if (!current || current.status === status) return false;
    const { createdAt: _created, updatedAt: _updated, ...stored } = current;
    const { updated } = await conversions.writeBatch({
      inserts: [],
      updates: [{ ...stored, status, revision: current.revision + 1, postbackId: randomUUID() }],
      log: [],
    });
    return updated === 1;
  }

  async function report(query: string, status = 200): Promise<ReportBody> {
    const answer = await api.get<ReportBody>(`/api/reports?${query}`);
    expect({ status: answer.statusCode, body: answer.body }).toMatchObject({ status });
    return answer.body;
  }

  const keysOf = (body: ReportBody) => body.rows.map((row) => row.groups.map((group) => group.key));

  beforeAll(async () => {
    const factory = catalogFactory(api);
    const network = await factory.network({ name: 'Network R' });
    const source = await factory.trafficSource({ name: 'Source R' });
    const offers = [
      await factory.offer(network.id, { name: 'Offer 1' }),
      await factory.offer(network.id, { name: 'Offer 2' }),
    ];
    const campaigns = [
      await factory.campaign(source.id, [offers[0].id], { name: 'Campaign 1' }),
      await factory.campaign(source.id, [offers[1].id], { name: 'Campaign 2' }),
    ];
    [first, second] = [0, 1].map((index) => ({
      campaignId: campaigns[index].id,
      offerId: offers[index].id,
      affiliateNetworkId: network.id,
      trafficSourceId: source.id,
    }));

    expect(
      (await api.put('/api/exchange-rates/2026-09-01', { rates: { EUR: '1.10', GBP: '1.25' } })).statusCode,
    ).toBe(200);
    expect((await api.put('/api/exchange-rates/2026-09-02', { rates: { EUR: '1.2' } })).statusCode).toBe(200);

    await click('k1', first, '2026-09-01T08:10:00Z', {
      country: 'DE',
      device: 'mobile',
      os: 'Android',
      vars: { var1: 'zone-1', var2: 'site-a' },
      cost: '0.1',
    });
    await click('k2', first, '2026-09-01T08:20:00Z', {
      country: 'DE',
      device: 'desktop',
      os: 'Windows',
      vars: { var1: 'zone-1', var2: 'site-a' },
      cost: '0.1',
    });
    await click('k3', first, '2026-09-01T09:05:00Z', {
      country: 'US',
      device: 'mobile',
      os: 'iOS',
      vars: { var1: 'zone-2' },
      cost: '0.1',
    });
    // The bot flag is set by the click service's user-agent check; stored here as it would be.
    const bot = codec.generate(Date.parse('2026-09-01T09:30:00Z'));
    await database.db.query(
      `INSERT INTO clicks (click_id, clicked_at, campaign_id, offer_id, affiliate_network_id, traffic_source_id,
                           cost, vars, country, device, os, bot)
       VALUES ($1, '2026-09-01T09:30:00Z', $2, $3, $4, $5, 0.1, '{"var1": "zone-1"}', 'DE', 'desktop', 'Windows', true)`,
      [bot, first.campaignId, first.offerId, first.affiliateNetworkId, first.trafficSourceId],
    );
    clickIds['b1'] = {
      clickId: bot,
      clickedAt: new Date('2026-09-01T09:30:00Z'),
      ...first,
      vars: { var1: 'zone-1' },
      country: 'DE',
      device: 'desktop',
      os: 'Windows',
    };
    await click('k4', second, '2026-09-02T10:00:00Z', {
      country: 'FR',
      device: 'mobile',
      os: 'Android',
      vars: { var2: 'site-b' },
    });
    await click('k5', second, '2026-09-02T11:00:00Z', {
      country: 'FR',
      device: 'mobile',
      os: 'iOS',
      vars: { var1: '=cmd' },
    });
    // A redelivered click changes nothing.
    expect(await clicks.insertMany([clickIds['k1']])).toBe(0);

    await convert('k1', '2026-09-01T12:00:00Z', '10', 'EUR');
    await convert('k2', '2026-09-01T13:00:00Z', '2', 'USD', 'lead');
    const revoked = await convert('k3', '2026-09-01T14:00:00Z', '5', 'USD');
    expect(await changeStatus(revoked, 'declined')).toBe(true);
    await convert('b1', '2026-09-01T10:00:00Z', '1', 'GBP', 'lead');
    const late = await convert('k4', '2026-09-02T12:00:00Z', '20', 'EUR', 'sale', 'pending');
    expect(await changeStatus(late, 'approved')).toBe(true);
    // A replayed status change is a no-op, in the table and in the rollups.
    expect(await changeStatus(late, 'approved')).toBe(false);
    const test = await convert('k5', '2026-09-02T12:30:00Z', '100', 'USD');
    // Test postbacks mark their conversion (POST /api/test-postbacks); an UPDATE moves it in the rollups.
    await database.db.query(`UPDATE conversions SET test = true WHERE id = $1`, [test]);

    const cost = await api.post('/api/costs', {
      campaignId: second.campaignId,
      from: '2026-09-02T00:00:00Z',
      to: '2026-09-03T00:00:00+00:00',
      amount: '30.00',
      currency: 'EUR',
    });
    expect(cost).toMatchObject({
      statusCode: 201,
      body: {
        campaignId: second.campaignId,
        from: '2026-09-02T00:00:00Z',
        to: '2026-09-03T00:00:00Z',
        amount: '30',
        currency: 'EUR',
      },
    });
  });

  const campaign1 = {
    clicks: 3,
    botClicks: 1,
    conversions: 3,
    pendingConversions: 0,
    declinedConversions: 1,
    conversionsByEventType: { lead: 2, sale: 1 },
    revenue: '14.25', // 11 + 2 + 1.25
    cost: '0.4', // bots' clicks were paid for too
    profit: '13.85',
    cr: '1.000000', // 3 / 3 human clicks
    epc: '4.750000',
    roi: '34.625000',
  };
  const campaign2 = {
    clicks: 2,
    botClicks: 0,
    conversions: 1,
    pendingConversions: 0,
    declinedConversions: 0,
    conversionsByEventType: { sale: 1 },
    revenue: '24',
    cost: '36',
    profit: '-12',
    cr: '0.500000',
    epc: '12.000000',
    roi: '-0.333333',
  };

  it('by campaign: currencies at each day rate, revisions, bots apart, spread cost, no test conversions', async () => {
    const body = await report(`${RANGE}&groupBy=campaign`);
    expect(body).toMatchObject({ groupBy: ['campaign'], tz: 'UTC', currency: 'USD' });
    expect(body.rows).toEqual([
      { groups: [{ dimension: 'campaign', key: first.campaignId, name: 'Campaign 1' }], ...campaign1 },
      { groups: [{ dimension: 'campaign', key: second.campaignId, name: 'Campaign 2' }], ...campaign2 },
    ]);
    expect(body.totals).toEqual({
      clicks: 5,
      botClicks: 1,
      conversions: 4,
      pendingConversions: 0,
      declinedConversions: 1,
      conversionsByEventType: { lead: 2, sale: 2 },
      revenue: '38.25',
      cost: '36.4',
      profit: '1.85',
      cr: '0.800000',
      epc: '7.650000',
      roi: '0.050824', // 1.85 / 36.4
    });
  });

  it('includes test conversions only when asked', async () => {
    const body = await report(`${RANGE}&groupBy=campaign&includeTest=true`);
    expect(body.rows[1]).toMatchObject({ conversions: 2, revenue: '124', profit: '88', epc: '62.000000' });
  });

  it('nests campaign, country: each level sorted by its clicks within its parent', async () => {
    const body = await report(`${RANGE}&groupBy=campaign,country`);
    expect(keysOf(body)).toEqual([
      [first.campaignId, 'DE'],
      [first.campaignId, 'US'],
      [second.campaignId, 'FR'],
    ]);
    expect(body.rows[0]).toMatchObject({
      groups: [
        { dimension: 'campaign', key: first.campaignId, name: 'Campaign 1' },
        { dimension: 'country', key: 'DE', name: null },
      ],
      clicks: 2,
      botClicks: 1,
      conversions: 3,
      revenue: '14.25',
      cost: '0.3',
      profit: '13.95',
      cr: '1.500000',
      epc: '7.125000',
      roi: '46.500000',
    });
    expect(body.rows[1]).toMatchObject({
      clicks: 1,
      conversions: 0,
      declinedConversions: 1,
      revenue: '0',
      cost: '0.1',
      roi: '-1.000000',
    });
    expect(body.rows[2]).toMatchObject({ ...campaign2, groups: expect.any(Array) as unknown });
  });

  it('by var1 from the variable rollups, clicks without the variable in their own group', async () => {
    const body = await report(`${RANGE}&groupBy=var1`);
    expect(keysOf(body)).toEqual([['zone-1'], [null], ['=cmd'], ['zone-2']]);
    expect(
      body.rows.map((row) => [row.clicks, row.botClicks, row.conversions, row.revenue, row.cost]),
    ).toEqual([
      [2, 1, 3, '14.25', '0.3'],
      [1, 0, 1, '24', '18'],
      [1, 0, 0, '0', '18'],
      [1, 0, 0, '0', '0.1'],
    ]);
    expect(body.totals).toMatchObject({ clicks: 5, revenue: '38.25', cost: '36.4' });
  });

  /** Each row's keys and [clicks, botClicks, conversions, declined, revenue, cost]. */
  const figuresOf = (body: ReportBody) =>
    body.rows.map((row) => [
      row.groups.map((group) => group.key),
      [row.clicks, row.botClicks, row.conversions, row.declinedConversions, row.revenue, row.cost],
    ]);
  const wholeRange = { clicks: 5, botClicks: 1, conversions: 4, revenue: '38.25', cost: '36.4' };

  it('nests visitor levels: country, device (one visitor-tuple rollup)', async () => {
    const body = await report(`${RANGE}&groupBy=country,device`);
    // DE and FR tie on 2 human clicks: by key. DE's devices tie on 1: by key.
    expect(figuresOf(body)).toEqual([
      [
        ['DE', 'desktop'],
        [1, 1, 2, 0, '3.25', '0.2'],
      ], // k2 lead 2 USD + b1's lead 1.25 USD
      [
        ['DE', 'mobile'],
        [1, 0, 1, 0, '11', '0.1'],
      ], // k1: 10 EUR at 1.10
      [
        ['FR', 'mobile'],
        [2, 0, 1, 0, '24', '36'],
      ], // k4 approved at 1.20, k5's test left out; 30 EUR at 1.20
      [
        ['US', 'mobile'],
        [1, 0, 0, 1, '0', '0.1'],
      ], // k3 declined
    ]);
    expect(body.rows[0]).toMatchObject({ profit: '3.05', cr: '2.000000', epc: '3.250000', roi: '15.250000' });
    expect(body.totals).toMatchObject(wholeRange);
  });

  it('nests catalog and visitor levels: campaign, country, os', async () => {
    const body = await report(`${RANGE}&groupBy=campaign,country,os`);
    expect(figuresOf(body)).toEqual([
      [
        [first.campaignId, 'DE', 'Android'],
        [1, 0, 1, 0, '11', '0.1'],
      ],
      [
        [first.campaignId, 'DE', 'Windows'],
        [1, 1, 2, 0, '3.25', '0.2'],
      ],
      [
        [first.campaignId, 'US', 'iOS'],
        [1, 0, 0, 1, '0', '0.1'],
      ],
      [
        [second.campaignId, 'FR', 'Android'],
        [1, 0, 1, 0, '24', '18'],
      ], // the cost splits by clicks
      [
        [second.campaignId, 'FR', 'iOS'],
        [1, 0, 0, 0, '0', '18'],
      ],
    ]);
    expect(body.rows[0].groups[0]).toEqual({
      dimension: 'campaign',
      key: first.campaignId,
      name: 'Campaign 1',
    });
    expect(body.totals).toMatchObject(wholeRange);
  });

  it('nests a variable under a visitor level: country, var1, clicks without it in their own group', async () => {
    const body = await report(`${RANGE}&groupBy=country,var1`);
    expect(figuresOf(body)).toEqual([
      [
        ['DE', 'zone-1'],
        [2, 1, 3, 0, '14.25', '0.3'],
      ],
      [
        ['FR', null],
        [1, 0, 1, 0, '24', '18'],
      ], // k4 has no var1
      [
        ['FR', '=cmd'],
        [1, 0, 0, 0, '0', '18'],
      ],
      [
        ['US', 'zone-2'],
        [1, 0, 0, 1, '0', '0.1'],
      ],
    ]);
    expect(body.totals).toMatchObject(wholeRange);
  });

  it('nests two variables (read from the raw rows): var1, var2', async () => {
    const body = await report(`${RANGE}&groupBy=var1,var2`);
    expect(figuresOf(body)).toEqual([
      [
        ['zone-1', 'site-a'],
        [2, 0, 2, 0, '13', '0.2'],
      ],
      [
        ['zone-1', null],
        [0, 1, 1, 0, '1.25', '0.1'],
      ], // the bot
      [
        [null, 'site-b'],
        [1, 0, 1, 0, '24', '18'],
      ],
      [
        ['=cmd', null],
        [1, 0, 0, 0, '0', '18'],
      ],
      [
        ['zone-2', null],
        [1, 0, 0, 1, '0', '0.1'],
      ],
    ]);
    expect(body.totals).toMatchObject(wholeRange);
    const withTest = await report(`${RANGE}&groupBy=var1,var2&includeTest=true`);
    expect(withTest.rows[3]).toMatchObject({ conversions: 1, revenue: '100' });
  });

  it('nests event types under a variable and a device: var2, device, eventType', async () => {
    const body = await report(`${RANGE}&groupBy=var2,device,eventType`);
    const conversionRows = body.rows
      .filter((row) => row.groups[2].key !== null)
      .map((row) => [row.groups.map((group) => group.key), row.conversions, row.revenue]);
    expect(conversionRows).toEqual([
      // No var2 and site-a tie on 2 human clicks: by key, '' first; under it mobile has 2.
      [[null, 'mobile', 'sale'], 0, '0'], // k3's declined sale (k5's test sale left out)
      [[null, 'desktop', 'lead'], 1, '1.25'], // the bot's
      [['site-a', 'desktop', 'lead'], 1, '2'],
      [['site-a', 'mobile', 'sale'], 1, '11'],
      [['site-b', 'mobile', 'sale'], 1, '24'],
    ]);
  });

  it('by day, by hour in a whole-hour zone, and by event type', async () => {
    const days = await report(`${RANGE}&groupBy=day`);
    expect(days.rows.map((row) => [row.groups[0].key, row.clicks, row.revenue, row.cost])).toEqual([
      ['2026-09-01', 3, '14.25', '0.4'],
      ['2026-09-02', 2, '24', '36'],
    ]);
    const hours = await report(`${RANGE}&groupBy=campaign,hour&tz=Europe/Berlin`);
    expect(hours.rows.slice(0, 2).map((row) => [row.groups[1].key, row.clicks, row.botClicks])).toEqual([
      ['2026-09-01T10:00', 2, 0], // 08:xx UTC is 10:xx in Berlin summer time
      ['2026-09-01T11:00', 1, 1],
    ]);
    const events = await report(`${RANGE}&groupBy=eventType`);
    expect(
      events.rows.map((row) => [
        row.groups[0].key,
        row.clicks,
        row.conversions,
        row.declinedConversions,
        row.revenue,
      ]),
    ).toEqual([
      [null, 5, 0, 0, '0'], // clicks have no event type
      ['lead', 0, 2, 0, '3.25'],
      ['sale', 0, 2, 1, '35'],
    ]);
  });

  it('answers the same rows as CSV, escaped and guarded against formulas', async () => {
    for (const request of [
      { url: `/api/reports?${RANGE}&groupBy=campaign,var1&format=csv`, accept: 'application/json' },
      { url: `/api/reports?${RANGE}&groupBy=campaign,var1`, accept: 'text/csv' },
    ]) {
      const answer = await app.inject({
        method: 'GET',
        url: request.url,
        headers: { authorization: `Bearer ${TEST_TOKEN}`, accept: request.accept },
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = answer.body.split('\r\n');
      expect(lines[0]).toBe(
        'campaign,campaignName,var1,clicks,botClicks,conversions,pendingConversions,declinedConversions,revenue,cost,profit,cr,epc,roi,conversions:lead,conversions:sale',
      );
      expect(lines).toContain(
        `${second.campaignId},Campaign 2,'=cmd,1,0,0,0,0,0,18,-18,0.000000,0.000000,-1.000000,0,0`,
      );
      expect(lines).toHaveLength(1 + 4 + 1); // header, 4 rows, the last CRLF
    }
  });

  it('keeps the rollups equal to the tables they summarize', async () => {
    const [fromRollup] = await database.db.query<{ n: string; amount: string }[]>(
      `SELECT sum(conversions)::text AS n, sum(amount)::text AS amount FROM report_conversion_catalog_rollup
        WHERE status = 'approved'`,
    );
    const [fromTable] = await database.db.query<{ n: string; amount: string }[]>(
      `SELECT count(*)::text AS n, sum(payout_amount)::text AS amount FROM conversions WHERE status = 'approved'`,
    );
    expect(fromRollup).toEqual(fromTable);
    const [clickTotals] = await database.db.query<Record<string, string>[]>(
      `SELECT (SELECT sum(clicks + bot_clicks) FROM report_click_visitor_rollup)::text AS visitor,
              (SELECT sum(clicks + bot_clicks) FROM report_click_catalog_rollup)::text AS catalog,
              (SELECT count(*) FROM clicks)::text AS "table",
              (SELECT sum(clicks + bot_clicks) FROM report_click_variable_rollup WHERE variable = 1)::text AS var1,
              (SELECT count(*) FROM clicks WHERE vars ->> 'var1' <> '')::text AS "tableVar1"`,
    );
    expect(clickTotals.visitor).toBe(clickTotals.table);
    expect(clickTotals.catalog).toBe(clickTotals.table);
    expect(clickTotals.var1).toBe(clickTotals.tableVar1);
    expect(Number(clickTotals.var1)).toBeGreaterThan(0);
  });

  describe('exchange rates', () => {
    it('reads and replaces a day', async () => {
      expect((await api.get('/api/exchange-rates/2026-09-01')).body).toEqual({
        date: '2026-09-01',
        currency: 'USD',
        rates: { EUR: '1.1', GBP: '1.25' },
      });
      expect((await api.get('/api/exchange-rates/2026-01-01')).body).toMatchObject({ rates: {} });
      const replaced = await api.put('/api/exchange-rates/2026-12-24', {
        rates: { EUR: '1.05', JPY: '0.0065' },
      });
      expect(replaced.body).toMatchObject({ rates: { EUR: '1.05', JPY: '0.0065' } });
      const again = await api.put('/api/exchange-rates/2026-12-24', { rates: { EUR: '1.06' } });
      expect(again.body).toMatchObject({ rates: { EUR: '1.06' } });
    });

    it('names what is wrong', async () => {
      const invalid = await api.put('/api/exchange-rates/2026-12-24', {
        rates: { EUR: '-1', XXY: '1', GBP: 1.2 },
      });
      expect(invalid.statusCode).toBe(400);
      expect(JSON.stringify(invalid.body)).toMatch(/XXY is not an ISO 4217/);
      expect(JSON.stringify(invalid.body)).toMatch(/EUR: the rate must be a positive decimal/);
      expect(
        failingFields((await api.put('/api/exchange-rates/2026-12-24', { rates: { USD: '1' } })).body),
      ).toEqual(['rates']);
      expect(failingFields((await api.get('/api/exchange-rates/2026-02-30')).body)).toEqual(['date']);
      expect(failingFields((await api.put('/api/exchange-rates/2026-12-24', { rates: {} })).body)).toEqual([
        'rates',
      ]);
    });

    it('imports a rates file with the command, all lines or none, twice the same', async () => {
      const file = join(tmpdir(), `rates-${randomUUID()}.csv`);
      writeFileSync(
        file,
        'date,currency,rate\r\n2026-10-01,CHF,1.15\n2026-10-01,EUR,1.08\n\n2026-10-02,CHF,1.16\n',
      );
      const env = { DATABASE_URL: testInfrastructure().databaseUrl, DATABASE_SCHEMA: database.schema };
      expect(await importExchangeRates(file, env)).toBe(3);
      expect(await importExchangeRates(file, env)).toBe(3);
      expect((await api.get('/api/exchange-rates/2026-10-01')).body).toMatchObject({
        rates: { CHF: '1.15', EUR: '1.08' },
      });
      const bad = join(tmpdir(), `rates-${randomUUID()}.csv`);
      writeFileSync(bad, '2026-10-03,CHF,1.2\n2026-13-01,EUR,1\n2026-10-03,EUR,abc\n');
      await expect(importExchangeRates(bad, env)).rejects.toThrow(/line 2: .*\n.*line 3: EUR/);
      expect((await api.get('/api/exchange-rates/2026-10-03')).body).toMatchObject({ rates: {} });
    });
  });

  /**
   * Zones whose days do not start on a UTC hour, and a DST change, on a campaign of their own.
   * Asia/Kolkata is +05:30, Asia/Kathmandu +05:45; Australia/Adelaide moves from +09:30 to +10:30
   * at 02:00 local on 2026-10-04 (a 23-hour day). Clicks (UTC → Kolkata / Kathmandu):
   *   z0 10-10 18:10 → 23:40 on the 10th / 23:55 on the 10th
   *   z1 10-10 18:20 → 23:50 on the 10th / 00:05 on the 11th
   *   z3 10-10 18:29 → 23:59 on the 10th / 00:14 on the 11th
   *   z2 10-10 18:40 → 00:10 on the 11th / 00:25 on the 11th → sale 5 USD at 18:50 (00:20 / 00:35 on the 11th)
   * Adelaide: a1 10-03 14:20 (23:50 on the 3rd, +09:30), a2 10-03 14:40 (00:10 on the 4th),
   *   a3 10-03 16:35 (03:05 on the 4th, just after the clocks went forward), a4 10-04 13:20
   *   (23:50 on the 4th, +10:30), a5 10-04 13:40 (00:10 on the 5th).
   */
  describe('any IANA zone, exactly', () => {
    let zoned: Catalog;

    beforeAll(async () => {
      const factory = catalogFactory(api);
      const network = await factory.network({ name: 'Network Z' });
      const source = await factory.trafficSource({ name: 'Source Z' });
      const offer = await factory.offer(network.id, { name: 'Offer Z' });
      const campaign = await factory.campaign(source.id, [offer.id], { name: 'Campaign Z' });
      zoned = {
        campaignId: campaign.id,
        offerId: offer.id,
        affiliateNetworkId: network.id,
        trafficSourceId: source.id,
      };
      for (const [name, at] of [
        ['z0', '2026-10-10T18:10:00Z'],
        ['z1', '2026-10-10T18:20:00Z'],
        ['z3', '2026-10-10T18:29:59.999Z'],
        ['z2', '2026-10-10T18:40:00Z'],
        ['a1', '2026-10-03T14:20:00Z'],
        ['a2', '2026-10-03T14:40:00Z'],
        ['a3', '2026-10-03T16:35:00Z'],
        ['a4', '2026-10-04T13:20:00Z'],
        ['a5', '2026-10-04T13:40:00Z'],
      ])
        await click(name, zoned, at, { country: 'IN' });
      await convert('z2', '2026-10-10T18:50:00Z', '5', 'USD');
    });

    const days = async (query: string) =>
      (await report(`${query}&groupBy=day`)).rows.map((row) => [row.groups[0].key, row.clicks, row.revenue]);

    it('splits days at a half-hour and a three-quarter-hour midnight', async () => {
      expect(await days('from=2026-10-10&to=2026-10-12&tz=Asia/Kolkata')).toEqual([
        ['2026-10-10', 3, '0'],
        ['2026-10-11', 1, '5'],
      ]);
      expect(await days('from=2026-10-10&to=2026-10-12&tz=Asia/Kathmandu')).toEqual([
        ['2026-10-10', 1, '0'],
        ['2026-10-11', 3, '5'],
      ]);
      // The same instants in UTC: one day.
      expect(await days('from=2026-10-10&to=2026-10-12&tz=UTC')).toEqual([['2026-10-10', 4, '5']]);
    });

    it('splits a UTC hour into the two local hours it straddles', async () => {
      const body = await report('from=2026-10-10&to=2026-10-12&tz=Asia/Kolkata&groupBy=hour,country');
      expect(
        body.rows.map((row) => [...row.groups.map((group) => group.key), row.clicks, row.conversions]),
      ).toEqual([
        ['2026-10-10T23:00', 'IN', 3, 0],
        ['2026-10-11T00:00', 'IN', 1, 1],
      ]);
    });

    it('bounds a report by a local half-hour midnight', async () => {
      const body = await report('from=2026-10-11&to=2026-10-12&tz=Asia/Kolkata&groupBy=campaign');
      expect(body.from).toBe('2026-10-10T18:30:00.000Z');
      expect(body.rows.map((row) => [row.groups[0].key, row.clicks, row.revenue])).toEqual([
        [zoned.campaignId, 1, '5'],
      ]);
      const earlier = await report('from=2026-10-10T18:15:00Z&to=2026-10-10T18:30:00Z&groupBy=campaign');
      expect(earlier.totals).toMatchObject({ clicks: 2 }); // z1 and z3
    });

    it('keeps a DST change exact: a 23-hour day, and hours either side of the jump', async () => {
      expect(await days('from=2026-10-03&to=2026-10-06&tz=Australia/Adelaide')).toEqual([
        ['2026-10-03', 1, '0'],
        ['2026-10-04', 3, '0'],
        ['2026-10-05', 1, '0'],
      ]);
      const hours = await report('from=2026-10-04&to=2026-10-05&tz=Australia/Adelaide&groupBy=hour');
      expect(hours.from).toBe('2026-10-03T14:30:00.000Z');
      expect(hours.to).toBe('2026-10-04T13:30:00.000Z');
      expect(hours.rows.map((row) => [row.groups[0].key, row.clicks])).toEqual([
        ['2026-10-04T00:00', 1],
        ['2026-10-04T03:00', 1], // 02:00-03:00 did not exist that night
        ['2026-10-04T23:00', 1],
      ]);
    });

    it('refuses boundaries that do not start a 15-minute bucket', async () => {
      expect(
        failingFields(
          (await api.get('/api/reports?from=2026-10-10T18:20:00Z&to=2026-10-11&groupBy=day')).body,
        ),
      ).toEqual(['from']);
    });
  });

  describe('missing rates, costs and validation', () => {
    it('answers 400 naming the currency and day of a missing rate, never a silent null', async () => {
      await click('m1', first, '2026-11-05T10:00:00Z');
      await convert('m1', '2026-11-05T11:00:00Z', '3', 'SEK');
      const answer = await api.get(
        '/api/reports?from=2026-11-05T00:00:00Z&to=2026-11-06T00:00:00Z&groupBy=campaign',
      );
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toMatchObject({
        error: {
          code: 'report.missing-exchange-rate',
          message: expect.stringContaining('SEK on 2026-11-05') as unknown,
          details: { reportCurrency: 'USD', missing: [{ currency: 'SEK', day: '2026-11-05' }] },
        },
      });
    });

    it('refuses costs that are not whole hours, negative, or for no campaign', async () => {
      const invalid = await api.post('/api/costs', {
        campaignId: 'x',
        from: '2026-09-02T00:30:00Z',
        to: '2026-09-03T00:00:00Z',
        amount: '-1',
        currency: 'EURO',
      });
      expect(failingFields(invalid.body)).toEqual(['amount', 'campaignId', 'currency', 'from']);
      const reversed = await api.post('/api/costs', {
        campaignId: second.campaignId,
        from: '2026-09-02T00:00:00Z',
        to: '2026-09-01T00:00:00Z',
        amount: '1',
        currency: 'USD',
      });
      expect(failingFields(reversed.body)).toEqual(['to']);
      const unknown = await api.post('/api/costs', {
        campaignId: randomUUID(),
        from: '2026-09-02T00:00:00Z',
        to: '2026-09-03T00:00:00Z',
        amount: '1',
        currency: 'USD',
      });
      expect(unknown).toMatchObject({
        statusCode: 400,
        body: { error: { code: 'request.reference-not-found' } },
      });
    });

    it('names every invalid parameter, and refuses what rollups cannot answer exactly', async () => {
      const missing = await api.get('/api/reports');
      expect(failingFields(missing.body)).toEqual(['from', 'groupBy', 'to']);
      const invalid = await api.get(
        '/api/reports?from=2026-01-01T10:20:00Z&to=2026-02-30&groupBy=campaign,planet&tz=Mars/Olympus&format=xml&includeTest=yes',
      );
      expect(failingFields(invalid.body)).toEqual(['format', 'from', 'groupBy', 'includeTest', 'to', 'tz']);
      expect(JSON.stringify(invalid.body)).toContain('unknown dimension \\"planet\\"');
      expect(failingFields((await api.get(`/api/reports?${RANGE}&groupBy=var1,var1`)).body)).toEqual([
        'groupBy',
      ]);
      expect(
        failingFields((await api.get(`/api/reports?${RANGE}&groupBy=campaign,offer,day,hour,country`)).body),
      ).toEqual(['groupBy']);
    });

    it('requires the bearer token', async () => {
      const url = `/api/reports?${RANGE}&groupBy=day`;
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect(
        (await app.inject({ method: 'PUT', url: '/api/exchange-rates/2026-09-01', payload: { rates: {} } }))
          .statusCode,
      ).toBe(401);
    });
  });
});
