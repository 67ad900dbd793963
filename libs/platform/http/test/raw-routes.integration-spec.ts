import type { AddressInfo } from 'node:net';
import { eventually, socketRequest, uniqueSuffix } from '@clickledger/testing';
import { installRawRoute, type HttpServiceApp, type RawAnswer } from '../src';
import { createTestApp } from './fixtures/create-test-app';
import { LogCapture } from './fixtures/log-capture';

/**
 * A raw route on a real socket (RawRoutes): answered before Fastify, with the platform's
 * correlation id, Content-Length, metric and 500 in the platform's error shape.
 */
describe('raw routes (answered from Node’s request event)', () => {
  const logs = new LogCapture();
  let app: HttpServiceApp;
  let port: number;
  const answers: Record<string, () => RawAnswer> = {
    ok: () => ({ statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'hot ✓' }),
    // Headers as a flat list, as the hot routes give them (`ok` gives an object).
    redirect: () => ({ statusCode: 302, headers: ['location', 'https://offers.example/o?id=1'] }),
    boom: () => {
      throw new Error('internal detail that must not leak');
    },
    // A header value Node refuses (non-ASCII): writeHead throws.
    refused: () => ({ statusCode: 302, headers: { location: 'https://例え.jp/o' } }),
  };

  beforeAll(async () => {
    app = await createTestApp(logs, {
      name: 'raw-route-test',
      defaultPort: 18081,
      configure: (created) => {
        installRawRoute(created, {
          method: 'GET',
          url: '/hot/:name',
          accepts: (request) => request.method === 'GET' && (request.url ?? '').startsWith('/hot/'),
          answer: (exchange, routed) => {
            const name = routed
              ? (routed.params as { name: string }).name
              : (exchange.request.url ?? '').slice(5);
            if (name === 'throws-at-once') throw new Error('thrown before any answer');
            if (name === 'twice') {
              exchange.reply(answers.ok());
              exchange.reply(answers.redirect());
              return;
            }
            const make = answers[name] ?? (() => ({ statusCode: 404, headers: {}, body: 'none' }));
            // Answered later, as a route waiting for Kafka would; a throw is the exchange's fail.
            queueMicrotask(() => {
              try {
                exchange.reply(make());
              } catch (error) {
                exchange.fail(error);
              }
            });
          },
        });
      },
    });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    socketRequest(port, 'GET', path, headers);

  it('answers with Content-Length, the correlation id sent, and counts the answer in the route’s metric', async () => {
    const correlationId = `raw-${uniqueSuffix()}`;
    const ok = await get('/hot/ok', { 'x-correlation-id': correlationId });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('hot ✓');
    expect(ok.headers['content-length']).toBe(String(Buffer.byteLength('hot ✓')));
    expect(ok.headers['x-correlation-id']).toBe(correlationId);
    const redirect = await get('/hot/redirect');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('https://offers.example/o?id=1');
    expect(redirect.headers['content-length']).toBe('0');
    expect(redirect.headers['x-correlation-id']).toEqual(expect.any(String));
    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/hot\/:name",status_code="200"\} 1\b/,
    );
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/hot\/:name",status_code="302"\} 1\b/,
    );
  });

  it('answers a failing answer 500 in the platform’s error shape, logged, nothing leaked', async () => {
    const boom = await get('/hot/boom');
    expect(boom.status).toBe(500);
    expect(boom.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(boom.body)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(boom.body).not.toContain('internal detail');
    await eventually(() => {
      expect(
        logs
          .lines()
          .some((line) => line.msg === 'hot route failed: answered 500' && line.route === '/hot/:name'),
      ).toBe(true);
    });
  });

  it('answers 500 when the route throws before answering; the first of two replies counts', async () => {
    const thrown = await get('/hot/throws-at-once');
    expect(thrown.status).toBe(500);
    expect(thrown.body).not.toContain('thrown before');
    const twice = await get('/hot/twice');
    expect([twice.status, twice.body]).toEqual([200, 'hot ✓']);
    expect((await get('/hot/ok')).status).toBe(200);
  });

  it('answers 500 when Node refuses a header of the answer, and keeps serving', async () => {
    const refused = await get('/hot/refused');
    expect(refused.status).toBe(500);
    expect(refused.headers.location).toBeUndefined();
    expect((await get('/hot/ok')).status).toBe(200);
  });

  it('leaves what the route does not accept to Fastify', async () => {
    const health = await get('/health/live');
    expect(health.status).toBe(200);
    // Same route through Fastify (inject never reaches the raw entry): the same answer.
    const viaFastify = await app.inject({ method: 'GET', url: '/hot/ok' });
    expect([viaFastify.statusCode, viaFastify.body]).toEqual([200, 'hot ✓']);
    const redirectViaFastify = await app.inject({ method: 'GET', url: '/hot/redirect' });
    expect(redirectViaFastify.statusCode).toBe(302);
    expect(redirectViaFastify.headers.location).toBe('https://offers.example/o?id=1');
  });
});
