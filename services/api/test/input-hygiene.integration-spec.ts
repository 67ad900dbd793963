import fc from 'fast-check';
import type { HttpServiceApp } from '@clickledger/platform-http';
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

/** Issue 12, item 8: control characters, NUL and lone surrogates are a 400 naming the field, never a 500. */
describe('control-plane API: input that cannot be stored or would break a redirect', () => {
  let database: TestSchema;
  let app: HttpServiceApp;
  let api: ApiClient;
  let make: ReturnType<typeof catalogFactory>;
  let networkId: string;

  beforeAll(async () => {
    database = await createTestSchema('api_input_hygiene');
    app = await createApiApp(apiTestEnv(database.schema));
    api = apiClient(app);
    make = catalogFactory(api);
    networkId = (await make.network()).id;
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it.each([
    ['CR LF', 'https://network.example/o?s2={clickid}\r\nSet-Cookie: a=1'],
    ['NUL', 'https://network.example/o?s2={clickid}\u0000'],
    ['a C1 control', 'https://network.example/o?s2={clickid}\u0085'],
  ])('refuses an offer URL with %s, naming the field', async (_name, url) => {
    const created = await api.post('/api/offers', {
      name: 'Offer',
      url,
      affiliateNetworkId: networkId,
      payout: { currency: 'USD' },
    });
    expect(created.statusCode).toBe(400);
    expect(failingFields(created.body)).toEqual(['url']);
    const offer = await make.offer(networkId);
    const patched = await api.patch(`/api/offers/${offer.id}`, { url });
    expect(patched.statusCode).toBe(400);
    expect(failingFields(patched.body)).toEqual(['url']);
    // NUL is refused before validation (the database cannot store it): either message names it.
    expect(JSON.stringify(patched.body)).toMatch(/control character|NUL/);
  });

  it('refuses control characters in names, macros and postback URLs, naming each field', async () => {
    const network = await api.post('/api/affiliate-networks', {
      name: 'Net\nwork',
      template: 'custom',
      postbackMacros: { clickId: '{sub1}\r\n' },
    });
    expect(network.statusCode).toBe(400);
    expect(failingFields(network.body)).toEqual(['name', 'postbackMacros.clickId']);
    const source = await api.post('/api/traffic-sources', {
      name: 'Source\t1',
      postbackUrl: 'https://source.example/pb?c={externalid}\u0001',
    });
    expect(failingFields(source.body)).toEqual(['name', 'postbackUrl']);
    const offer = await api.post('/api/offers', {
      name: 'Offer\u0007',
      url: 'https://network.example/o',
      affiliateNetworkId: networkId,
      payout: { currency: 'USD' },
    });
    expect(failingFields(offer.body)).toEqual(['name']);
    const trafficSource = await make.trafficSource();
    const campaign = await api.post('/api/campaigns', {
      name: 'Camp\u009Baign',
      trafficSourceId: trafficSource.id,
      offers: [{ offerId: (await make.offer(networkId)).id, weight: 1 }],
    });
    expect(failingFields(campaign.body)).toEqual(['name']);
  });

  it('answers 400 naming the field for NUL or a lone surrogate anywhere: body, nested, keys, query, path', async () => {
    const answers = {
      body: await api.post('/api/affiliate-networks', { name: 'a\uD800', template: 'cake' }),
      nested: await api.post('/api/affiliate-networks', {
        name: 'ok',
        template: 'cake',
        postbackMacros: { txid: '\uDC00' },
      }),
      key: await api.post('/api/affiliate-networks', { name: 'ok', template: 'cake', ['x\uD800']: 1 }),
      query: await api.get('/api/postback-log?clickId=%00'),
      conversions: await api.get('/api/conversions?campaignId=a%00b'),
      path: await api.get('/api/offers/%00'),
    };
    expect(
      Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.statusCode])),
    ).toEqual({
      body: 400,
      nested: 400,
      key: 400,
      query: 400,
      conversions: 400,
      path: 400,
    });
    expect(failingFields(answers.body.body)).toEqual(['name']);
    expect(failingFields(answers.nested.body)).toEqual(['postbackMacros.txid']);
    expect(failingFields(answers.key.body)).toEqual(['x\uFFFD']);
    expect(failingFields(answers.query.body)).toEqual(['clickId']);
    expect(failingFields(answers.conversions.body)).toEqual(['campaignId']);
    expect(failingFields(answers.path.body)).toEqual(['id']);
  });

  it('answers a PATCH setting any field to null with a 2xx or a 400 naming it, never a 5xx', async () => {
    const offer = await make.offer(networkId);
    const source = await make.trafficSource();
    const campaign = await make.campaign(source.id, [offer.id]);
    const routes: readonly (readonly [string, readonly string[]])[] = [
      [
        `/api/affiliate-networks/${networkId}`,
        [
          'name',
          'template',
          'clickIdParam',
          'postbackMacros',
          'appendClickId',
          'acceptDuplicatePostbacks',
          'allowedIps',
          'statusMap',
        ],
      ],
      [`/api/offers/${offer.id}`, ['name', 'url', 'affiliateNetworkId', 'payout', 'attributionWindowDays']],
      [
        `/api/traffic-sources/${source.id}`,
        [
          'name',
          'externalIdParam',
          'costParam',
          'variables',
          'postbackUrl',
          'postbackMethod',
          'postbackStatuses',
        ],
      ],
      [`/api/campaigns/${campaign.id}`, ['name', 'trafficSourceId', 'offers', 'status', 'postbackUrl']],
    ];
    for (const [url, fields] of routes) {
      for (const field of fields) {
        const answer = await api.patch(url, { [field]: null });
        expect({ url, field, status: answer.statusCode }).toEqual({
          url,
          field,
          status: answer.statusCode === 200 ? 200 : 400,
        });
        if (answer.statusCode === 400) expect(failingFields(answer.body)).toEqual([field]);
      }
      // A required field cannot be cleared.
      const nameless = await api.patch(url, { name: null });
      expect(nameless.statusCode).toBe(400);
    }
  });

  it('answers any JSON body on every write route with a 2xx or a 4xx, never a 5xx (property)', async () => {
    const offer = await make.offer(networkId);
    const source = await make.trafficSource();
    const routes = [
      ['POST', '/api/affiliate-networks'],
      ['POST', '/api/offers'],
      ['POST', '/api/traffic-sources'],
      ['POST', '/api/campaigns'],
      ['PATCH', `/api/offers/${offer.id}`],
      ['PATCH', `/api/affiliate-networks/${networkId}`],
      ['PATCH', `/api/traffic-sources/${source.id}`],
    ] as const;
    const body = fc.oneof(
      fc.jsonValue({ stringUnit: 'binary' }),
      fc.dictionary(
        fc.constantFrom(
          'name',
          'url',
          'template',
          'postbackMacros',
          'payout',
          'variables',
          'offers',
          'constructor',
          'toString',
        ),
        fc.jsonValue({ stringUnit: 'binary', maxDepth: 2 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url], payload) => {
        const answer = await app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expect(answer.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('stores any other Unicode name as sent, and never answers 500 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), async (name) => {
        const created = await api.post<{ id: string; name: string }>('/api/affiliate-networks', {
          name,
          template: 'cake',
        });
        expect([201, 400]).toContain(created.statusCode);
        const storable = !/[\u0000-\u001F\u007F-\u009F]/u.test(name) && !/[\uD800-\uDFFF]/u.test(name);
        expect(created.statusCode).toBe(storable ? 201 : 400);
        if (created.statusCode === 400) {
          expect(failingFields(created.body)).toEqual(['name']);
          return;
        }
        const read = await api.get<{ name: string }>(`/api/affiliate-networks/${created.body.id}`);
        expect(read.body.name).toBe(name);
      }),
      { numRuns: 60 },
    );
  });
});
