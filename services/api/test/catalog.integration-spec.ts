import { randomUUID } from 'node:crypto';
import type { HttpServiceApp } from '@clickledger/platform-http';
import {
  apiClient,
  apiTestEnv,
  catalogFactory,
  createApiApp,
  createTestSchema,
  failingFields,
  TEST_POSTBACK_KEY,
  type ApiClient,
  type TestSchema,
} from './api-app';

type Row = Record<string, unknown> & { id: string };
interface PageBody {
  items: Row[];
  nextCursor: string | null;
}

describe('control-plane API: catalog', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let make: ReturnType<typeof catalogFactory>;

  beforeAll(async () => {
    database = await createTestSchema('api_catalog');
    app = await createApiApp(apiTestEnv(database.schema, { POSTBACK_KEY: TEST_POSTBACK_KEY }));
    api = apiClient(app);
    make = catalogFactory(api);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  describe('auth', () => {
    it('answers 401 with the shared error body without a token or with a wrong one', async () => {
      const missing = await app.inject({ method: 'GET', url: '/api/offers' });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.json()).toEqual({
        error: { code: 'auth.unauthorized', message: 'Missing or invalid bearer token' },
      });
      const wrong = await apiClient(app, 'not-the-token').get('/api/offers');
      expect(wrong.statusCode).toBe(401);
      const basic = await app.inject({
        method: 'POST',
        url: '/api/affiliate-networks',
        headers: { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' },
        payload: { name: 'x', template: 'cake' },
      });
      expect(basic.statusCode).toBe(401);
    });

    it('leaves health, metrics and the OpenAPI document public', async () => {
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(Object.keys(ready.json<{ checks: object }>().checks).sort()).toEqual(['postgres', 'publisher']);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).body).toContain(
        'http_request_duration_seconds',
      );
      expect((await app.inject({ method: 'GET', url: '/api/docs' })).headers['content-type']).toContain(
        'text/html',
      );
      {
        const docs = await app.inject({ method: 'GET', url: '/api/docs-json' });
        expect(docs.statusCode).toBe(200);
        const paths = Object.keys(docs.json<{ paths: object }>().paths);
        expect(paths).toEqual(
          expect.arrayContaining([
            '/api/affiliate-networks',
            '/api/affiliate-networks/{id}/postback-url',
            '/api/offers/{id}',
            '/api/campaigns',
            '/api/clicks/{clickId}',
            '/api/postback-log',
          ]),
        );
      }
      const spec = (await app.inject({ method: 'GET', url: '/api/docs-json' })).json<{
        components: { schemas: Partial<Record<string, { properties: Record<string, unknown> }>> };
      }>();
      expect(spec.components.schemas['CreateAffiliateNetworkDto']?.properties['statusMap']).toMatchObject({
        type: 'object',
        additionalProperties: { type: 'string', enum: ['approved', 'pending', 'declined'] },
      });
      expect(spec.components.schemas['CreateAffiliateNetworkDto']?.properties['template']).toMatchObject({
        enum: expect.arrayContaining(['clickdealer', 'adgatemedia', 'zeydoo', 'custom']) as unknown,
      });
    });
  });

  describe('affiliate networks', () => {
    it('creates from a template, reads, updates, and refills from a new template', async () => {
      const created = await api.post<Row>('/api/affiliate-networks', { name: 'CAKE main', template: 'cake' });
      expect(created.statusCode).toBe(201);
      expect(created.body).toMatchObject({
        name: 'CAKE main',
        template: 'cake',
        clickIdParam: 's2',
        postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#tid#' },
        appendClickId: true,
        acceptDuplicatePostbacks: false,
        allowedIps: [],
      });
      const id = created.body.id;
      expect((await api.get(`/api/affiliate-networks/${id}`)).body).toEqual(created.body);

      const renamed = await api.patch<Row>(`/api/affiliate-networks/${id}`, {
        name: 'CAKE renamed',
        allowedIps: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'],
        acceptDuplicatePostbacks: true,
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.body).toMatchObject({
        name: 'CAKE renamed',
        clickIdParam: 's2',
        allowedIps: ['203.0.113.7', '198.51.100.0/24', '2001:db8::/32'],
        acceptDuplicatePostbacks: true,
      });
      const switched = await api.patch<Row>(`/api/affiliate-networks/${id}`, { template: 'everflow' });
      expect(switched.body).toMatchObject({
        template: 'everflow',
        clickIdParam: 'sub1',
        postbackMacros: { clickId: '{sub1}', payout: '{revenue}', txid: '{transaction_id}' },
        name: 'CAKE renamed',
      });
      expect((await api.get(`/api/affiliate-networks/${id}`)).body).toEqual(switched.body);
    });

    it('keeps explicit click-ID parameter and macros over the template', async () => {
      const created = await make.network({
        template: 'hasoffers',
        clickIdParam: 'aff_sub2',
        postbackMacros: { payout: '{payout}', status: '{status}' },
        appendClickId: false,
      });
      expect(created).toMatchObject({
        clickIdParam: 'aff_sub2',
        postbackMacros: { clickId: '{aff_sub}', payout: '{payout}', status: '{status}' },
        appendClickId: false,
      });
    });

    it.each([
      ['cake', 'https://pb.example/postback?cid=#s2#&payout=#price#&txid=#tid#'],
      [
        'hasoffers',
        'https://pb.example/postback?cid={aff_sub}&payout={payout}&txid={transaction_id}&et={goal_id}',
      ],
      [
        'everflow',
        'https://pb.example/postback?cid={sub1}&payout={revenue}&txid={transaction_id}&et={event_id}',
      ],
      [
        'affise',
        'https://pb.example/postback?cid={sub1}&payout={sum}&txid={transactionid}&currency={currency}&status={status}',
      ],
      [
        'impact',
        'https://pb.example/postback?cid={SubId1}&payout={Payout}&txid={ActionId}&currency={Currency}&status={Status}&et={ActionTrackerId}',
      ],
      [
        'admitad',
        'https://pb.example/postback?cid=[[[subid]]]&payout=[[[payment_sum]]]&txid=[[[order_id]]]&currency=[[[currency]]]&et=[[[type]]]',
      ],
      ['cpalead', 'https://pb.example/postback?cid={subid}&payout={payout}&txid={lead_id}'],
      ['clickdealer', 'https://pb.example/postback?cid=#s2#&payout=#price#&txid=#leadid#'],
      [
        'adgatemedia',
        'https://pb.example/postback?cid={s1}&payout={payout}&txid={conversion_id}&status={state}',
      ],
      ['zeydoo', 'https://pb.example/postback?cid={ymid}&payout={amount}'],
      ['custom', 'https://pb.example/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL'],
    ])('gives the %s postback URL with the install key', async (template, expected) => {
      const network = await make.network({ template });
      const answer = await api.get<{ url: string }>(`/api/affiliate-networks/${network.id}/postback-url`);
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toEqual({ url: `${expected}&key=${TEST_POSTBACK_KEY}` });
    });

    it("fills the template's statusMap, keeps an explicit one (keys lower-cased) and names a bad one", async () => {
      expect(await make.network({ template: 'affise' })).toMatchObject({ statusMap: { '5': 'pending' } });
      const custom = await make.network({ template: 'custom', statusMap: { LOCKED: 'approved' } });
      expect(custom).toMatchObject({ statusMap: { locked: 'approved' } });
      const patched = await api.patch<{ statusMap: unknown }>(`/api/affiliate-networks/${custom.id}`, {
        statusMap: { '7': 'declined' },
      });
      expect(patched.body.statusMap).toEqual({ '7': 'declined' });
      const bad = await api.post('/api/affiliate-networks', {
        name: 'n',
        template: 'custom',
        statusMap: { '5': 'paid' },
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('statusMap[\\"5\\"] must be approved, pending or declined');
    });

    it('names every failing field, nested ones and unknown ones included', async () => {
      const answer = await api.post('/api/affiliate-networks', {
        name: '',
        template: 'tune',
        clickIdParam: 'bad param',
        postbackMacros: { payout: '', extra: 'x' },
        appendClickId: 'yes',
        acceptDuplicatePostbacks: 1,
        allowedIps: ['10.0.0.1', '10.0.0.0/33', 'example.com'],
        colour: 'red',
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'request.validation-failed' } });
      expect(failingFields(answer.body)).toEqual(
        [
          'name',
          'template',
          'clickIdParam',
          'postbackMacros.payout',
          'postbackMacros.extra',
          'appendClickId',
          'acceptDuplicatePostbacks',
          'allowedIps',
          'colour',
        ].sort(),
      );
      const missing = await api.post('/api/affiliate-networks', {});
      expect(failingFields(missing.body)).toEqual(['name', 'template']);
      const patch = await api.patch(`/api/affiliate-networks/${(await make.network()).id}`, {
        template: 'nope',
        allowedIps: '10.0.0.1',
      });
      expect(failingFields(patch.body)).toEqual(['allowedIps', 'template']);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = randomUUID();
      for (const answer of [
        await api.get(`/api/affiliate-networks/${unknown}`),
        await api.patch(`/api/affiliate-networks/${unknown}`, { name: 'x' }),
        await api.get(`/api/affiliate-networks/${unknown}/postback-url`),
      ]) {
        expect(answer.statusCode).toBe(404);
        expect(answer.body).toEqual({
          error: {
            code: 'resource.not-found',
            message: `affiliate network ${unknown} does not exist`,
            details: { resource: 'affiliate network', id: unknown },
          },
        });
      }
      expect(failingFields((await api.get('/api/affiliate-networks/42')).body)).toEqual(['id']);
    });
  });

  describe('offers', () => {
    let networkId: string;
    beforeAll(async () => {
      networkId = (await make.network()).id;
    });

    it('creates with defaults, reads, and updates part of the payout; money stays a decimal string', async () => {
      const created = await api.post<Row>('/api/offers', {
        name: 'Sweeps US',
        url: 'https://network.example/o?id=7&s2={clickid}&z={var1}',
        affiliateNetworkId: networkId,
        payout: { amount: '12.50', currency: 'usd' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Sweeps US',
        affiliateNetworkId: networkId,
        payout: { mode: 'auto', amount: '12.5', currency: 'USD' },
        attributionWindowDays: 30,
      });
      const id = created.body.id;
      const updated = await api.patch<Row>(`/api/offers/${id}`, {
        payout: { amount: '0.000001', mode: 'fixed' },
        attributionWindowDays: 7,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.body).toMatchObject({
        payout: { mode: 'fixed', amount: '0.000001', currency: 'USD' },
        attributionWindowDays: 7,
      });
      expect((await api.get(`/api/offers/${id}`)).body).toEqual(updated.body);
    });

    it('rejects an unknown URL token, naming it and its position', async () => {
      const url = 'https://network.example/o?s2={clickid}&sub={sub1}&x={ClickId}';
      const answer = await api.post('/api/offers', {
        name: 'Bad',
        url,
        affiliateNetworkId: networkId,
        payout: { currency: 'USD' },
      });
      expect(answer.statusCode).toBe(400);
      expect(failingFields(answer.body)).toEqual(['url']);
      const message = JSON.stringify(answer.body);
      expect(message).toContain(`unknown token {sub1} at position ${url.indexOf('{sub1}')}`);
      expect(message).toContain(`unknown token {ClickId} at position ${url.indexOf('{ClickId}')}`);
      const offer = await make.offer(networkId);
      const patched = await api.patch(`/api/offers/${offer.id}`, { url: 'https://n.example/?a={var11}' });
      expect(patched.statusCode).toBe(400);
      expect(JSON.stringify(patched.body)).toContain('unknown token {var11} at position 21');
    });

    it('names every failing field', async () => {
      const answer = await api.post('/api/offers', {
        name: 7,
        url: 'ftp://n.example/',
        affiliateNetworkId: 'nope',
        payout: { mode: 'sometimes', amount: 12.5, currency: 'XXX1' },
        attributionWindowDays: 0,
      });
      expect(failingFields(answer.body)).toEqual(
        [
          'name',
          'url',
          'affiliateNetworkId',
          'payout.mode',
          'payout.amount',
          'payout.currency',
          'attributionWindowDays',
        ].sort(),
      );
      const tooPrecise = await api.post('/api/offers', {
        name: 'x',
        url: 'https://n.example/',
        affiliateNetworkId: networkId,
        payout: { amount: '1.0000001', currency: 'USD' },
      });
      expect(failingFields(tooPrecise.body)).toEqual(['payout.amount']);
      expect(failingFields((await api.post('/api/offers', {})).body)).toEqual(
        ['affiliateNetworkId', 'name', 'payout', 'url'].sort(),
      );
    });

    it('refuses an affiliate network that does not exist', async () => {
      const missing = randomUUID();
      const answer = await api.post('/api/offers', {
        name: 'x',
        url: 'https://n.example/',
        affiliateNetworkId: missing,
        payout: { currency: 'USD' },
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toMatchObject({
        error: {
          code: 'request.reference-not-found',
          details: { field: 'affiliateNetworkId', resource: 'affiliate network', id: missing },
        },
      });
      const offer = await make.offer(networkId);
      expect((await api.patch(`/api/offers/${offer.id}`, { affiliateNetworkId: missing })).statusCode).toBe(
        400,
      );
      expect((await api.get(`/api/offers/${randomUUID()}`)).statusCode).toBe(404);
    });
  });

  describe('traffic sources', () => {
    it('creates, reads, updates and clears parameters', async () => {
      const created = await api.post<Row>('/api/traffic-sources', {
        name: 'Propeller',
        externalIdParam: 'clickid',
        costParam: 'cost',
        variables: { var1: 'zone', var3: 'site' },
        postbackUrl: 'https://source.example/pb?cid={externalid}&payout={payout}',
      });
      expect(created.statusCode).toBe(201);
      expect(created.body).toMatchObject({
        externalIdParam: 'clickid',
        costParam: 'cost',
        variables: { var1: 'zone', var3: 'site' },
        postbackUrl: 'https://source.example/pb?cid={externalid}&payout={payout}',
      });
      const id = created.body.id;
      const updated = await api.patch<Row>(`/api/traffic-sources/${id}`, {
        costParam: null,
        variables: { var2: 'creative' },
      });
      expect(updated.body).toMatchObject({
        costParam: null,
        externalIdParam: 'clickid',
        variables: { var2: 'creative' },
      });
      expect((await api.get(`/api/traffic-sources/${id}`)).body).toEqual(updated.body);
      expect((await api.get(`/api/traffic-sources/${randomUUID()}`)).statusCode).toBe(404);
    });

    it('names every failing field', async () => {
      const answer = await api.post('/api/traffic-sources', {
        externalIdParam: 'click id',
        costParam: '',
        variables: { var1: 'zone&x', var11: 'nope' },
        postbackUrl: 'not a url',
      });
      expect(failingFields(answer.body)).toEqual(
        ['name', 'externalIdParam', 'costParam', 'variables.var1', 'variables.var11', 'postbackUrl'].sort(),
      );
    });
  });

  describe('campaigns', () => {
    let sourceId: string;
    let offerIds: string[];
    beforeAll(async () => {
      const network = await make.network();
      sourceId = (await make.trafficSource({ variables: { var1: 'zone', var2: 'site' } })).id;
      offerIds = [(await make.offer(network.id)).id, (await make.offer(network.id)).id];
    });

    it('creates with a key and a tracking link carrying the source parameters, reads and updates', async () => {
      const created = await api.post<Row>('/api/campaigns', {
        name: 'Push US',
        trafficSourceId: sourceId,
        offers: [
          { offerId: offerIds[0], weight: 70 },
          { offerId: offerIds[1], weight: 30 },
        ],
      });
      expect(created.statusCode).toBe(201);
      const key = created.body.key as string;
      expect(key).toMatch(/^[a-z0-9]{10}$/);
      expect(created.body).toMatchObject({
        name: 'Push US',
        status: 'active',
        trafficSourceId: sourceId,
        trackingUrl: `https://t.example/c/${key}?clickid={clickid}&cost={cost}&zone={zone}&site={site}`,
      });
      expect(created.body.offers).toHaveLength(2);
      const id = created.body.id;
      const updated = await api.patch<Row>(`/api/campaigns/${id}`, {
        offers: [{ offerId: offerIds[1], weight: 5 }],
        status: 'paused',
      });
      expect(updated.body).toMatchObject({
        status: 'paused',
        key,
        offers: [{ offerId: offerIds[1], weight: 5 }],
      });
      expect((await api.get(`/api/campaigns/${id}`)).body).toEqual(updated.body);
      expect((await api.get(`/api/campaigns/${randomUUID()}`)).statusCode).toBe(404);
    });

    it('names every failing field, and refuses unknown sources and offers', async () => {
      const answer = await api.post('/api/campaigns', {
        name: '',
        trafficSourceId: 'x',
        offers: [{ offerId: 'y', weight: 0 }],
        status: 'running',
      });
      expect(failingFields(answer.body)).toEqual(
        ['name', 'trafficSourceId', 'offers.0.offerId', 'offers.0.weight', 'status'].sort(),
      );
      const empty = await api.post('/api/campaigns', { name: 'x', trafficSourceId: sourceId, offers: [] });
      expect(failingFields(empty.body)).toEqual(['offers']);
      const twice = await api.post('/api/campaigns', {
        name: 'x',
        trafficSourceId: sourceId,
        offers: [
          { offerId: offerIds[0], weight: 1 },
          { offerId: offerIds[0], weight: 2 },
        ],
      });
      expect(failingFields(twice.body)).toEqual(['offers']);
      const missingOffer = randomUUID();
      const unknownOffer = await api.post('/api/campaigns', {
        name: 'x',
        trafficSourceId: sourceId,
        offers: [
          { offerId: offerIds[0], weight: 1 },
          { offerId: missingOffer, weight: 1 },
        ],
      });
      expect(unknownOffer.statusCode).toBe(400);
      expect(unknownOffer.body).toMatchObject({
        error: {
          code: 'request.reference-not-found',
          details: { field: 'offers.1.offerId', id: missingOffer },
        },
      });
      const unknownSource = await api.post('/api/campaigns', {
        name: 'x',
        trafficSourceId: randomUUID(),
        offers: [{ offerId: offerIds[0], weight: 1 }],
      });
      expect(unknownSource.body).toMatchObject({ error: { details: { field: 'trafficSourceId' } } });
    });
  });

  describe('pagination', () => {
    it.each([
      ['/api/affiliate-networks', () => make.network()],
      ['/api/traffic-sources', () => make.trafficSource()],
    ])('pages %s newest first, without duplicates or gaps, in a stable order', async (url, create) => {
      const made: { id: string; createdAt: string }[] = [];
      for (let i = 0; i < 7; i++) {
        const row = await create();
        made.push({ id: row.id, createdAt: String(row.createdAt) });
      }
      // Newest first, the id breaking a tie: two rows made in the same millisecond.
      const ids = [...made]
        .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || (x.id < y.id ? -1 : 1))
        .map((row) => row.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${encodeURIComponent(cursor)}`;
        const page = await api.get<PageBody>(`${url}${query}`);
        expect(page.statusCode).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(new Set(seen).size).toBe(seen.length);
      // Newest first: the rows made here come first, in reverse order of creation.
      expect(seen.slice(0, 7)).toEqual([...ids].reverse());
      const again = await api.get<PageBody>(`${url}?limit=500`);
      expect(again.body.items.map((item) => item.id)).toEqual(seen);
    });

    it('pages offers and campaigns too, and rejects bad limits and cursors', async () => {
      const network = await make.network();
      const source = await make.trafficSource();
      const offers = [
        await make.offer(network.id),
        await make.offer(network.id),
        await make.offer(network.id),
      ];
      for (const offer of offers) await make.campaign(source.id, [offer.id]);
      for (const url of ['/api/offers', '/api/campaigns']) {
        const first = await api.get<PageBody>(`${url}?limit=2`);
        expect(first.body.items).toHaveLength(2);
        expect(first.body.nextCursor).not.toBeNull();
        const second = await api.get<PageBody>(`${url}?limit=2&cursor=${first.body.nextCursor ?? ''}`);
        expect(second.body.items[0]?.id).not.toBe(first.body.items[1]?.id);
      }
      const campaigns = await api.get<PageBody>('/api/campaigns?limit=1');
      expect(campaigns.body.items[0]).toHaveProperty('trackingUrl');
      expect(failingFields((await api.get('/api/offers?limit=0')).body)).toEqual(['limit']);
      expect(failingFields((await api.get('/api/offers?limit=501&extra=1')).body)).toEqual([
        'extra',
        'limit',
      ]);
      const forged = await api.get('/api/offers?cursor=bm90LWEtY3Vyc29y');
      expect(forged.statusCode).toBe(400);
      expect(forged.body).toMatchObject({ error: { code: 'pagination.invalid-cursor' } });
    });
  });
});
