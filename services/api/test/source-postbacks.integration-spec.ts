import { randomUUID } from 'node:crypto';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { SourcePostbackRepository } from '@clickledger/persistence';
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

type Row = Record<string, unknown> & { id: string };
interface PageBody {
  items: Row[];
  nextCursor: string | null;
}

describe('control-plane API: traffic-source postbacks (CONTRACT §7, §9)', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let make: ReturnType<typeof catalogFactory>;

  beforeAll(async () => {
    database = await createTestSchema('api_srcpb');
    app = await createApiApp(apiTestEnv(database.schema));
    api = apiClient(app);
    make = catalogFactory(api);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  describe('traffic sources', () => {
    it('default to GET and approved; take POST and other statuses; validate them', async () => {
      const plain = await make.trafficSource();
      expect(plain).toMatchObject({
        postbackMethod: 'GET',
        postbackStatuses: ['approved'],
        postbackUrl: null,
      });
      const answer = await api.patch<Row>(`/api/traffic-sources/${plain.id}`, {
        postbackUrl: 'https://source.example/pb?cid={externalid}&p={payout}&s={status}&c={cost}',
        postbackMethod: 'POST',
        postbackStatuses: ['approved', 'declined'],
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toMatchObject({
        postbackMethod: 'POST',
        postbackStatuses: ['approved', 'declined'],
      });
      const bad = await api.post('/api/traffic-sources', {
        name: 'Bad',
        postbackUrl: 'https://source.example/pb?cid={externalid}&geo={country}',
        postbackMethod: 'PUT',
        postbackStatuses: ['approved', 'approved', 'paid'],
      });
      expect(bad.statusCode).toBe(400);
      expect(failingFields(bad.body)).toEqual(['postbackMethod', 'postbackStatuses', 'postbackUrl']);
      expect(JSON.stringify(bad.body)).toContain('unknown token {country}');
    });

    it('refuses a postback URL with a token in its host or that is not http(s)', async () => {
      for (const postbackUrl of [
        'https://{externalid}.source.example/pb',
        'ftp://source.example/pb',
        'not a url',
      ]) {
        const answer = await api.post('/api/traffic-sources', { name: 'Bad', postbackUrl });
        expect(failingFields(answer.body)).toEqual(['postbackUrl']);
      }
    });
  });

  describe('campaigns', () => {
    it('take an optional postbackUrl override, validated like the source one, removable with null', async () => {
      const network = await make.network();
      const offer = await make.offer(network.id);
      const source = await make.trafficSource();
      const campaign = await make.campaign(source.id, [offer.id], {
        postbackUrl: 'https://other.example/pb?cid={externalid}&conv={conversion.id}',
      });
      expect(campaign.postbackUrl).toBe('https://other.example/pb?cid={externalid}&conv={conversion.id}');
      const bad = await api.patch(`/api/campaigns/${campaign.id}`, {
        postbackUrl: 'https://o.example/?x={device}',
      });
      expect(failingFields(bad.body)).toEqual(['postbackUrl']);
      const cleared = await api.patch<Row>(`/api/campaigns/${campaign.id}`, { postbackUrl: null });
      expect(cleared.body.postbackUrl).toBeNull();
    });
  });

  describe('GET /api/source-postbacks and resend', () => {
    const sourceId = randomUUID();
    const conversionId = randomUUID();
    let ids: string[] = [];

    beforeAll(async () => {
      const deliveries = new SourcePostbackRepository(database.db);
      const base = {
        clickId: '01JD3ABCDEFGHJKMNPQRSTVWXY',
        campaignId: randomUUID(),
        trafficSourceId: sourceId,
        conversionStatus: 'approved',
        method: 'GET',
        host: 'source.example',
        giveUpAt: new Date(Date.now() + 3_600_000),
      };
      await deliveries.insertMany([
        { ...base, conversionId, revision: 1, url: 'https://source.example/pb?r=1', outcome: 'pending' },
        { ...base, conversionId, revision: 2, url: 'https://source.example/pb?r=2', outcome: 'pending' },
        {
          ...base,
          conversionId: randomUUID(),
          revision: 1,
          url: 'https://source.example/pb?c={country}',
          outcome: 'failed',
          lastError: 'invalid postback URL',
        },
      ]);
      // One attempt, as the service records it.
      const [claimed] = await deliveries.claimDue({
        limit: 1,
        perHost: 1,
        hostSlots: new Map(),
        leaseMs: 1000,
      });
      await deliveries.recordAttempt({
        deliveryId: claimed.id,
        attempt: claimed.attempts,
        startedAt: new Date(),
        durationMs: 12,
        method: 'GET',
        url: claimed.url,
        statusCode: 503,
        responseExcerpt: 'busy',
        error: null,
        outcome: 'retry',
        nextAttemptAt: new Date(Date.now() + 10_000),
      });
      ids = (await deliveries.list({ trafficSourceId: sourceId })).items.map((r) => r.id);
    });

    it('lists deliveries newest first with their attempts, filtered, paged by cursor', async () => {
      const all = await api.get<PageBody>(`/api/source-postbacks?trafficSourceId=${sourceId}`);
      expect(all.statusCode).toBe(200);
      expect(all.body.items.map((r) => r.id)).toEqual(ids);
      const withAttempt = all.body.items.find((r) => (r.attempts as unknown[]).length > 0);
      expect(withAttempt).toMatchObject({
        outcome: 'pending',
        attemptCount: 1,
        lastStatusCode: 503,
        attempts: [{ attempt: 1, statusCode: 503, response: 'busy', outcome: 'retry', durationMs: 12 }],
      });
      const byConversion = await api.get<PageBody>(`/api/source-postbacks?conversionId=${conversionId}`);
      expect(byConversion.body.items.map((r) => r.revision).sort()).toEqual([1, 2]);
      const failed = await api.get<PageBody>(
        `/api/source-postbacks?trafficSourceId=${sourceId}&outcome=failed`,
      );
      expect(failed.body.items).toMatchObject([{ outcome: 'failed', lastError: 'invalid postback URL' }]);
      const first = await api.get<PageBody>(`/api/source-postbacks?trafficSourceId=${sourceId}&limit=2`);
      const second = await api.get<PageBody>(
        `/api/source-postbacks?trafficSourceId=${sourceId}&limit=2&cursor=${first.body.nextCursor ?? ''}`,
      );
      expect([...first.body.items, ...second.body.items].map((r) => r.id)).toEqual(ids);
      expect(second.body.nextCursor).toBeNull();
      const bad = await api.get(`/api/source-postbacks?outcome=lost&conversionId=x&from=yesterday`);
      expect(failingFields(bad.body)).toEqual(['conversionId', 'from', 'outcome']);
    });

    it('resend makes a delivery pending and due now; 404 for an unknown id, 400 for a malformed one', async () => {
      const failed = (
        await api.get<PageBody>(`/api/source-postbacks?trafficSourceId=${sourceId}&outcome=failed`)
      ).body.items[0];
      const answer = await api.post<Row>(`/api/source-postbacks/${failed.id}/resend`, {});
      expect(answer.statusCode).toBe(202);
      expect(answer.body).toMatchObject({ id: failed.id, outcome: 'pending' });
      expect(Date.parse(answer.body.nextAttemptAt as string)).toBeLessThanOrEqual(Date.now() + 1000);
      expect((await api.post(`/api/source-postbacks/${randomUUID()}/resend`, {})).statusCode).toBe(404);
      expect((await api.post(`/api/source-postbacks/nope/resend`, {})).statusCode).toBe(400);
    });

    it('is in the OpenAPI document', async () => {
      const docs = await app.inject({ method: 'GET', url: '/api/docs-json' });
      const paths = Object.keys(docs.json<{ paths: object }>().paths);
      expect(paths).toEqual(
        expect.arrayContaining(['/api/source-postbacks', '/api/source-postbacks/{id}/resend']),
      );
    });
  });
});
