import { eventually, uniqueSuffix } from '@clickledger/testing';
import { RedisEnv } from '@clickledger/platform-config';
import { createHttpApp, type HttpServiceApp } from '../src';
import { createTestApp } from './fixtures/create-test-app';
import { LogCapture } from './fixtures/log-capture';
import { STARTED, TestAppModule } from './fixtures/test-app.module';

interface Json {
  [key: string]: unknown;
}

describe('HTTP service bootstrap (Fastify, real Redis)', () => {
  const logs = new LogCapture();
  let app: HttpServiceApp;

  beforeAll(async () => {
    app = await createTestApp(logs, { name: 'test-service', defaultPort: 18080, bodyLimitBytes: 1024 });
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const inject = (options: Parameters<HttpServiceApp['inject']>[0]) => app.inject(options);

  it('answers /health/live without checking anything', async () => {
    const res = await inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /health/ready 503 naming the failing check, then 200 once every check passes', async () => {
    STARTED.markNotReady('warming up');
    const down = await inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    const downBody = down.json<Json>();
    expect(downBody).toMatchObject({
      status: 'unavailable',
      checks: { started: { status: 'down', error: 'warming up' } },
    });

    STARTED.markReady();
    // Redis connects in the background; readiness follows without the test sleeping.
    const up = await eventually(async () => {
      const res = await inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(200);
      return res;
    });
    expect(up.json()).toMatchObject({
      status: 'ok',
      checks: { redis: { status: 'up' }, started: { status: 'up' } },
    });
  });

  it('exposes default and custom metrics on /metrics', async () => {
    const created = await inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'a', status: 'active', payout: { amount: '1.50', currency: 'EUR' } },
    });
    expect(created.statusCode).toBe(201);
    const res = await inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/^things_created_total\{status="active"\} [1-9]/m);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    // Per-route latency, labelled by the route template rather than the raw URL.
    expect(res.body).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/things",status_code="201"\} [1-9]/m,
    );
  });

  it('echoes the incoming correlation id and puts it on the log lines of that request', async () => {
    const correlationId = `corr-${uniqueSuffix()}`;
    const res = await inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-correlation-id': correlationId },
      payload: { name: 'logged', status: 'paused', payout: { amount: '2', currency: 'USD' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-correlation-id']).toBe(correlationId);
    const line = await eventually(() => {
      const found = logs.lines().find((entry) => entry.thing === 'logged');
      expect(found).toBeDefined();
      return found!;
    });
    expect(line).toMatchObject({
      msg: 'thing created',
      correlationId,
      service: 'test-service',
      level: 'info',
    });
    // Once, not twice (the request logger binds it; the mixin must not add it again).
    const rawLine = logs.raw.split('\n').find((text) => text.includes('"thing":"logged"'))!;
    expect(rawLine.match(/"correlationId"/g)).toHaveLength(1);
  });

  it('accepts x-request-id and generates an id when none is sent', async () => {
    const fromRequestId = await inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'req-42' },
    });
    expect(fromRequestId.headers['x-correlation-id']).toBe('req-42');
    const generated = await inject({ method: 'GET', url: '/health/live' });
    const another = await inject({ method: 'GET', url: '/health/live' });
    const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(generated.headers['x-correlation-id']).toMatch(uuidV4);
    expect(another.headers['x-correlation-id']).toMatch(uuidV4);
    expect(another.headers['x-correlation-id']).not.toBe(generated.headers['x-correlation-id']);
  });

  it('does not log requests per line at info level', async () => {
    await inject({ method: 'GET', url: '/things/missing/quiet-check' });
    expect(logs.raw).not.toContain('quiet-check');
  });

  it('answers 400 naming every failing field, nested ones and unknown ones included', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: { status: 'deleted', payout: { amount: '1.5e3', currency: 'EURO' }, extra: true },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      error: { code: string; message: string; details: { fields: { field: string }[] } };
    }>();
    expect(body.error.code).toBe('request.validation-failed');
    expect(body.error.details.fields.map((field) => field.field).sort()).toEqual([
      'extra',
      'name',
      'payout.amount',
      'payout.currency',
      'status',
    ]);
    expect(body.error.message).toContain('payout.amount');
  });

  it('maps a DomainError to its status and body', async () => {
    const res = await inject({ method: 'GET', url: '/things/missing/t-7' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'thing.not-found', message: 'No thing t-7', details: { id: 't-7' } },
    });
  });

  it('answers an unknown error 500 without leaking it, and logs it', async () => {
    const res = await inject({
      method: 'GET',
      url: '/things/crash',
      headers: { 'x-correlation-id': 'crash-1' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(res.body).not.toContain('hunter2');
    const logged = logs.lines().find((entry) => entry.correlationId === 'crash-1' && entry.level === 'error');
    expect(logged).toBeDefined();
  });

  it('answers unknown routes and oversized bodies in the same error shape', async () => {
    const missing = await inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<Json>()).toMatchObject({ error: { code: 'http.not-found' } });

    const large = await inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'x'.repeat(2048), status: 'active', payout: { amount: '1', currency: 'EUR' } },
    });
    expect(large.statusCode).toBe(413);
    expect(large.json<Json>()).toMatchObject({ error: { code: 'http.payload-too-large' } });

    const malformed = await inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<Json>()).toMatchObject({ error: { code: 'http.bad-request' } });
  });
});

describe('HTTP service readiness with Redis unreachable', () => {
  it('answers /health/ready 503 naming redis and why, while /health/live stays 200', async () => {
    const app = await createHttpApp({
      name: 'test-service-down',
      module: TestAppModule.register([
        { name: 'custom', check: () => Promise.reject(new Error('custom failure')) },
      ]),
      defaultPort: 18081,
      config: [RedisEnv],
      env: { REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' },
    });
    try {
      STARTED.markReady();
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'unavailable',
        checks: {
          redis: { status: 'down', error: expect.stringMatching(/not connected/) as unknown },
          custom: { status: 'down', error: 'custom failure' },
          started: { status: 'up' },
        },
      });
      const live = await app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
