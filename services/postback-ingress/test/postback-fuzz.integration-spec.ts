import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { socketRequest, testInfrastructure } from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { createIngressApp, TEST_POSTBACK_KEY, TEST_SECRETS } from './ingress-app';

// The e2e fuzz (e2e/test/postback-fuzz) covers the whole path; this one is in-process and quick.
const RUNS = 1_500;
const ANSWERS = new Set([200, 400, 403, 405, 413, 415, 503]);

const codec = new ClickIdCodec(TEST_SECRETS);
const validId = fc.constant(null).map(() => codec.generate());
const value = fc.oneof(
  validId,
  validId.map((id) => id.toLowerCase()),
  fc.constantFrom(
    'REPLACE',
    'OPTIONAL',
    '{aff_sub}',
    '#s2#',
    '[clickid]',
    '%%subid%%',
    '${x}',
    '',
    ' ',
    '%zz',
    '\u0000',
  ),
  fc.constantFrom(
    '12.50',
    '-3',
    '1e5',
    'NaN',
    '0.0000001',
    '99999999999999999',
    'EUR',
    'usd',
    'XXX',
    '1',
    '2',
    '3',
    'sale',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ maxLength: 600 }),
);
const name = fc.oneof(
  fc.constantFrom('cid', 'payout', 'txid', 'et', 'currency', 'status', 'key'),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const params = fc.dictionary(name, fc.oneof(value, fc.constant(TEST_POSTBACK_KEY)), { maxKeys: 8 });
const encode = (record: Record<string, string>): string =>
  Object.entries(record)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE'),
  query: fc.oneof(
    params.map(encode),
    fc.string({ maxLength: 200 }).map((raw) => raw.replace(/[#\s]/g, '')),
  ),
  body: fc.oneof(
    fc.constant(undefined),
    params.map((p) => ({ type: 'application/json', payload: JSON.stringify(p) })),
    params.map((p) => ({ type: 'application/x-www-form-urlencoded', payload: encode(p) })),
    fc.record({
      type: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/xml'),
      payload: fc.string({ maxLength: 300 }),
    }),
    fc
      .jsonValue({ maxDepth: 3 })
      .map((json) => ({ type: 'application/json', payload: JSON.stringify(json) })),
  ),
});

/** Whatever arrives, the ingress answers with one of its documented statuses and stays up. */
describe('postback ingress under random and malformed input', () => {
  let app: HttpServiceApp;

  beforeAll(async () => {
    app = await createIngressApp({
      KAFKA_BROKERS: testInfrastructure().kafkaBrokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ingress-fuzz-spool-')),
      POSTBACK_KEY: TEST_POSTBACK_KEY,
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it(`answers only the contract's statuses, each with an id, to ${String(RUNS)} random requests`, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, query, body }) => {
        const response = await app.inject({
          method: method,
          url: `/postback?${query}`,
          ...(method !== 'GET' && method !== 'HEAD' && body
            ? { headers: { 'content-type': body.type }, payload: body.payload }
            : {}),
        });
        seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
        expect(ANSWERS.has(response.statusCode)).toBe(true);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        if (method === 'HEAD') expect(response.body).toBe('');
        else if (response.statusCode !== 503)
          expect(response.json<{ id: string }>().id).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
    // The generator reaches every branch: accepted, rejected for input, and for the key.
    expect(seen.get(200)).toBeGreaterThan(0);
    expect(seen.get(400)).toBeGreaterThan(0);
    expect(seen.get(403)).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('a real socket (the raw route for GET) gets the answer the Fastify route gives (inject)', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const query = fc.oneof(
      params.map(encode),
      fc.string({ maxLength: 200 }).map((raw) => raw.replace(/[#\s]/g, '')),
      // A postback that is accepted, and one with random extras besides.
      validId.map((cid) => `cid=${cid}&payout=1.5&key=${TEST_POSTBACK_KEY}`),
      fc
        .tuple(validId, params)
        .map(([cid, extra]) => `cid=${cid}&payout=1.5&key=${TEST_POSTBACK_KEY}&${encode(extra)}`),
    );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const url = `/postback?${search}`;
        const viaFastify = await app.inject({ method: 'GET', url });
        const viaSocket = await socketRequest(port, 'GET', url);
        statuses.add(viaSocket.status);
        expect(viaSocket.status).toBe(viaFastify.statusCode);
        expect(viaSocket.headers['content-type']).toBe(viaFastify.headers['content-type']);
        expect(viaSocket.headers['cache-control']).toBe(viaFastify.headers['cache-control']);
        // Each request is its own postback: the same answer but for its id.
        const withoutId = (body: string): unknown => ({ ...(JSON.parse(body) as object), id: 'id' });
        expect(withoutId(viaSocket.body)).toEqual(withoutId(viaFastify.body));
      }),
      { numRuns: 300 },
    );
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 403]));
  });
});
