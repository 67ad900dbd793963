import {
  collectFromNow,
  eventually,
  testInfrastructure,
  uniqueSuffix,
  type KafkaCollector,
} from '@clickledger/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { ClickIdCodec } from '@clickledger/tracking';
import { createIngressApp, TEST_POSTBACK_KEY, TEST_SECRETS } from './ingress-app';

const infra = testInfrastructure();
const codec = new ClickIdCodec(TEST_SECRETS);
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'ingress-test' });
const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;

interface Answer {
  readonly status: string;
  readonly id?: string;
  readonly reason?: string;
  readonly message?: string;
}

const dataOf = (json: unknown): Record<string, unknown> => (json as { data: Record<string, unknown> }).data;

describe('postback ingress', () => {
  let app: HttpServiceApp;
  let collector: KafkaCollector;

  beforeAll(async () => {
    collector = await collectFromNow(kafka, [RECEIVED, REJECTED]);
    app = await createIngressApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ingress-spool-')),
      POSTBACK_KEY: TEST_POSTBACK_KEY,
    });
  });

  afterAll(async () => {
    await app.close();
    await collector.stop();
  });

  const eventFor = (topic: string, postbackId: string) =>
    eventually(() => {
      const found = collector.messages.find(
        (m) => m.topic === topic && dataOf(m.json).postbackId === postbackId,
      );
      if (!found) throw new Error(`no ${topic} event for ${postbackId} yet`);
      return found;
    });

  async function get(
    query: string,
  ): Promise<{ statusCode: number; body: Answer; headers: Record<string, unknown> }> {
    const response = await app.inject({ method: 'GET', url: `/postback?${query}` });
    return { statusCode: response.statusCode, body: response.json<Answer>(), headers: response.headers };
  }

  it('accepts a GET postback, answers once durable, and publishes it keyed by click ID', async () => {
    const clickId = codec.generate();
    const txid = `T-${uniqueSuffix()}`;
    const answer = await get(
      `cid=${clickId}&payout=12.50&txid=${txid}&et=sale&currency=eur&status=2&key=${TEST_POSTBACK_KEY}`,
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.body.status).toBe('accepted');
    expect(answer.headers['cache-control']).toBe('no-store');

    const message = await eventFor(RECEIVED, answer.body.id!);
    expect(message.key).toBe(clickId);
    const event = message.json as { type: string; id: string; data: Record<string, unknown> };
    expect(event.type).toBe('postback.received');
    expect(event.id).toBe(answer.body.id);
    expect(event.data).toMatchObject({
      clickId,
      payout: '12.5',
      txid,
      eventType: 'sale',
      currency: 'EUR',
      status: 'pending',
      warnings: [],
    });
    expect(event.data.params).not.toHaveProperty('key');
    // A version 7 UUID holding the time it was received: the postback log's key takes it in order.
    const postbackId = String(event.data.postbackId);
    expect(postbackId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(postbackId.replace(/-/g, '').slice(0, 12), 16)).toBe(
      new Date(String(event.data.receivedAt)).getTime(),
    );
    const verified = codec.verify(clickId);
    expect(verified.ok && new Date(verified.timestampMs).toISOString()).toBe(event.data.clickedAt);
  });

  it('accepts form and JSON bodies, and a lower-case click ID', async () => {
    const clickId = codec.generate();
    const form = await app.inject({
      method: 'POST',
      url: '/postback',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `cid=${clickId.toLowerCase()}&payout=3&key=${TEST_POSTBACK_KEY}`,
    });
    expect(form.statusCode).toBe(200);
    const json = await app.inject({
      method: 'POST',
      url: `/postback?key=${TEST_POSTBACK_KEY}`,
      payload: { cid: clickId, payout: '4.000001', txid: 'J-1' },
    });
    expect(json.statusCode).toBe(200);

    const fromForm = await eventFor(RECEIVED, form.json<Answer>().id!);
    const fromJson = await eventFor(RECEIVED, json.json<Answer>().id!);
    expect(dataOf(fromForm.json)).toMatchObject({
      clickId,
      payout: '3',
      eventType: 'conversion',
      status: 'approved',
    });
    expect(dataOf(fromJson.json)).toMatchObject({ clickId, payout: '4.000001', txid: 'J-1' });
  });

  it('treats a placeholder in an optional field as absent and notes a warning', async () => {
    const clickId = codec.generate();
    const answer = await get(`cid=${clickId}&payout=%23price%23&txid=OPTIONAL&key=${TEST_POSTBACK_KEY}`);
    expect(answer.statusCode).toBe(200);
    const data = dataOf((await eventFor(RECEIVED, answer.body.id!)).json);
    expect(data.payout).toBeNull();
    expect(data.txid).toBeNull();
    expect(data.warnings).toEqual([
      expect.objectContaining({ field: 'payout', macro: '#price#' }),
      expect.objectContaining({ field: 'txid', macro: 'OPTIONAL' }),
    ]);
  });

  const old = codec.generate(Date.now() - 200 * 24 * 60 * 60 * 1000);
  const valid = (): string => codec.generate();
  const foreign = new ClickIdCodec(['some-other-install-secret']).generate();
  const cases: [string, () => string][] = [
    ['missing-click-id', () => 'payout=1'],
    ['invalid-click-id', () => `cid=${foreign}`],
    ['invalid-click-id', () => 'cid=not-a-click-id'],
    ['unsubstituted-macro', () => 'cid=%7Baff_sub%7D'],
    ['unsubstituted-macro', () => 'cid=REPLACE'],
    ['click-id-expired', () => `cid=${old}`],
    ['invalid-payout', () => `cid=${valid()}&payout=12.1234567`],
    ['invalid-payout', () => `cid=${valid()}&payout=1e5`],
    ['invalid-currency', () => `cid=${valid()}&currency=XXY`],
    // A status value only attribution can judge (its network's statusMap) passes; one that can never be a key does not.
    ['invalid-status', () => `cid=${valid()}&status=${'x'.repeat(65)}`],
    ['invalid-payout', () => `cid=${valid()}&payout=1,234`],
    ['invalid-event-type', () => `cid=${valid()}&et=Big%20Sale`],
    ['invalid-txid', () => `cid=${valid()}&txid=${'x'.repeat(256)}`],
  ];

  it.each(cases)('rejects %s with 400, a reason and a postback-log event', async (reason, query) => {
    const answer = await get(`${query()}&key=${TEST_POSTBACK_KEY}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatchObject({ status: 'rejected', reason });
    expect(answer.body.message).toEqual(expect.any(String));
    const data = dataOf((await eventFor(REJECTED, answer.body.id!)).json);
    expect(data).toMatchObject({ reason, message: answer.body.message });
  });

  it('names the macro of an unsubstituted click ID', async () => {
    const answer = await get(`cid=%23s2%23&key=${TEST_POSTBACK_KEY}`);
    expect(answer.body.reason).toBe('unsubstituted-macro');
    expect(answer.body.message).toContain('#s2#');
  });

  it('answers 403 to a wrong or missing key, and logs it', async () => {
    const wrong = await get(`cid=${codec.generate()}&key=nope`);
    const missing = await get(`cid=${codec.generate()}`);
    expect(wrong.statusCode).toBe(403);
    expect(missing.statusCode).toBe(403);
    expect(wrong.body.reason).toBe('invalid-key');
    const data = dataOf((await eventFor(REJECTED, wrong.body.id!)).json);
    expect(data.reason).toBe('invalid-key');
    expect(data.params).not.toHaveProperty('key');
  });

  it('carries the correlation id from the request into the Kafka headers', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/postback?cid=${codec.generate()}&key=${TEST_POSTBACK_KEY}`,
      headers: { 'x-correlation-id': 'corr-ingress-1' },
    });
    const message = await eventFor(RECEIVED, response.json<Answer>().id!);
    expect(message.headers['x-correlation-id']).toBe('corr-ingress-1');
  });

  it('reports live and ready', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json<{ checks: Record<string, { status: string }> }>().checks.publisher.status).toBe('up');
    expect((await get(`cid=${codec.generate()}&key=${TEST_POSTBACK_KEY}`)).statusCode).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('postbacks_received_total{outcome="accepted"');
  });
});
