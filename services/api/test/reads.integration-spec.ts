import { randomUUID } from 'node:crypto';
import {
  ClickRepository,
  ConversionRepository,
  PostbackLogRepository,
  type StoredConversion,
} from '@clickledger/persistence';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import {
  apiClient,
  apiTestEnv,
  createApiApp,
  createTestSchema,
  failingFields,
  type ApiClient,
  type TestSchema,
} from './api-app';

const codec = new ClickIdCodec(['api-reads-test-secret-01']);
type Row = Record<string, unknown> & { id: string };
interface PageBody {
  items: Row[];
  nextCursor: string | null;
}

describe('control-plane API: clicks, conversions and the postback log', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  const campaignId = randomUUID();
  const catalog = {
    campaignId,
    offerId: randomUUID(),
    affiliateNetworkId: randomUUID(),
    trafficSourceId: randomUUID(),
  };

  beforeAll(async () => {
    database = await createTestSchema('api_reads');
    app = await createApiApp(apiTestEnv(database.schema));
    api = apiClient(app);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Reads every page of `url` with `limit`, checking each page's size. */
  async function readAll(url: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const query: string = `${separator}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = await api.get<PageBody>(`${url}${query}`);
      expect(page.statusCode).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { ids, pages };
  }

  describe('GET /api/clicks/:clickId', () => {
    it('finds a click by its ID, in any case, with money as a decimal string', async () => {
      const clickedAt = new Date(Date.now() - 3 * 24 * 3600 * 1000);
      const clickId = codec.generate(clickedAt.getTime());
      await new ClickRepository(database.db).insertMany([
        {
          clickId,
          clickedAt,
          ...catalog,
          externalId: 'ext-1',
          cost: '0.015000',
          vars: { var1: 'zone9' },
          country: 'DE',
        },
      ]);
      const answer = await api.get(`/api/clicks/${clickId.toLowerCase()}`);
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toMatchObject({
        clickId,
        clickedAt: clickedAt.toISOString(),
        campaignId,
        externalId: 'ext-1',
        cost: '0.015',
        vars: { var1: 'zone9' },
        country: 'DE',
      });
    });

    it('answers 404 for an unknown click and 400 for a malformed ID', async () => {
      const unknown = codec.generate();
      const missing = await api.get(`/api/clicks/${unknown}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toMatchObject({ error: { code: 'resource.not-found', details: { id: unknown } } });
      const malformed = await api.get('/api/clicks/not-a-click-id');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.body).toMatchObject({
        error: { code: 'click.invalid-id', details: { field: 'clickId' } },
      });
    });
  });

  describe('GET /api/conversions', () => {
    const base = Date.parse('2026-03-10T12:00:00Z');
    const clickId = codec.generate(base - 3600_000);
    const otherCampaign = randomUUID();

    beforeAll(async () => {
      const conversions = new ConversionRepository(database.db);
      for (let i = 0; i < 9; i++) {
        const conversion: StoredConversion = {
          id: randomUUID(),
          revision: 1,
          originalStatus: null,
          ...catalog,
          campaignId: i % 3 === 0 ? otherCampaign : campaignId,
          clickId: i < 4 ? clickId : codec.generate(base - 3600_000),
          eventType: 'sale',
          txid: `T-${i}`,
          dedupeKey: `T-${i}`,
          status: 'approved',
          payoutAmount: `${i}.500000`,
          payoutCurrency: 'EUR',
          // Two conversions share each timestamp: the id breaks the tie and must keep pages stable.
          convertedAt: new Date(base + Math.floor(i / 2) * 60_000),
          clickedAt: new Date(base - 3600_000),
          externalId: null,
          vars: {},
          postbackId: randomUUID(),
          country: null,
          device: null,
          os: null,
          browser: null,
        };
        // Through the attribution's own write path.
        await conversions.writeBatch({ inserts: [conversion], updates: [], log: [] });
      }
    });

    it('pages every conversion newest first without duplicates, money as decimal strings', async () => {
      const { ids, pages } = await readAll('/api/conversions', 2);
      expect(ids).toHaveLength(9);
      expect(new Set(ids).size).toBe(9);
      expect(pages).toBe(5);
      const all = await api.get<PageBody>('/api/conversions?limit=500');
      expect(all.body.items.map((item) => item.id)).toEqual(ids);
      const times = all.body.items.map((item) => Date.parse(item.convertedAt as string));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(all.body.items[0]).toMatchObject({ payout: { amount: '8.5', currency: 'EUR' }, revision: 1 });
    });

    it('filters by click, campaign and time range', async () => {
      const byClick = await api.get<PageBody>(`/api/conversions?clickId=${clickId.toLowerCase()}`);
      expect(byClick.body.items.map((item) => item.txid).sort()).toEqual(['T-0', 'T-1', 'T-2', 'T-3']);
      const byCampaign = await api.get<PageBody>(`/api/conversions?campaignId=${otherCampaign}`);
      expect(byCampaign.body.items.map((item) => item.txid).sort()).toEqual(['T-0', 'T-3', 'T-6']);
      const from = new Date(base + 60_000).toISOString();
      const to = new Date(base + 3 * 60_000).toISOString();
      const range = await api.get<PageBody>(`/api/conversions?from=${from}&to=${to}`);
      expect(range.body.items.map((item) => item.txid).sort()).toEqual(['T-2', 'T-3', 'T-4', 'T-5']);
    });

    it('names every failing query parameter', async () => {
      const answer = await api.get(
        '/api/conversions?clickId=x&campaignId=y&from=yesterday&to=2026-13-01&limit=-1',
      );
      expect(answer.statusCode).toBe(400);
      expect(failingFields(answer.body)).toEqual(['campaignId', 'clickId', 'from', 'limit', 'to']);
    });
  });

  describe('GET /api/postback-log', () => {
    const base = Date.parse('2026-04-01T08:00:00Z');
    const clickId = codec.generate(base - 60_000);

    beforeAll(async () => {
      await new PostbackLogRepository(database.db).insertMany(
        Array.from({ length: 8 }, (_, i) => ({
          id: randomUUID(),
          receivedAt: new Date(base + i * 1000),
          clickId: i < 3 ? clickId : i === 7 ? 'REPLACE' : codec.generate(base - 60_000),
          outcome: i % 2 === 0 ? 'rejected' : 'accepted',
          reason: i % 2 === 0 ? (i === 4 ? 'click-not-found' : 'ip-not-allowed') : null,
          params: { cid: 'x' },
          sourceIp: '203.0.113.9',
        })),
      );
    });

    it('pages every entry newest first without duplicates', async () => {
      const { ids, pages } = await readAll('/api/postback-log', 3);
      expect(ids).toHaveLength(8);
      expect(new Set(ids).size).toBe(8);
      expect(pages).toBe(3);
    });

    it('filters by click ID, outcome, reason and time range', async () => {
      const byClick = await api.get<PageBody>(`/api/postback-log?clickId=${clickId.toLowerCase()}`);
      expect(byClick.body.items).toHaveLength(3);
      const raw = await api.get<PageBody>('/api/postback-log?clickId=REPLACE');
      expect(raw.body.items).toMatchObject([{ clickId: 'REPLACE', outcome: 'accepted' }]);
      const rejected = await api.get<PageBody>('/api/postback-log?outcome=rejected');
      expect(rejected.body.items).toHaveLength(4);
      const notFound = await api.get<PageBody>('/api/postback-log?outcome=rejected&reason=click-not-found');
      expect(notFound.body.items).toMatchObject([{ reason: 'click-not-found', sourceIp: '203.0.113.9' }]);
      const from = new Date(base + 2000).toISOString();
      const to = new Date(base + 5000).toISOString();
      const range = await api.get<PageBody>(`/api/postback-log?from=${from}&to=${to}`);
      expect(range.body.items.map((item) => item.receivedAt)).toEqual([
        new Date(base + 4000).toISOString(),
        new Date(base + 3000).toISOString(),
        new Date(base + 2000).toISOString(),
      ]);
    });

    it('names every failing query parameter and requires the token', async () => {
      const answer = await api.get('/api/postback-log?outcome=Bad%20One&reason=&from=x&cursor=');
      expect(failingFields(answer.body)).toEqual(['from', 'outcome', 'reason']);
      expect((await app.inject({ method: 'GET', url: '/api/postback-log' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/conversions' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: `/api/clicks/${clickId}` })).statusCode).toBe(401);
    });
  });
});
