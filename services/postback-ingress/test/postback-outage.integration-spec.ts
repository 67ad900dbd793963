import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPIC_DEFINITIONS, TOPICS } from '@clickledger/contracts';
import { createKafkaClient, ensureTopics } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { collectFrom, endOffsets, eventually, LocalBroker } from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { createIngressApp, TEST_SECRETS } from './ingress-app';

const COUNT = 300;

/** Networks rarely retry: a postback answered 200 while Kafka is down must still reach Kafka. */
describe('postback ingress while Kafka is down', () => {
  const broker = new LocalBroker(19292);
  // Default retries: a fresh broker may still be electing the leaders of topics it just created.
  const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'ingress-outage-test' });
  const codec = new ClickIdCodec(TEST_SECRETS);
  let app: HttpServiceApp;

  beforeAll(async () => {
    broker.start();
    await ensureTopics(kafka, ALL_TOPIC_DEFINITIONS);
    app = await createIngressApp({
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ingress-outage-spool-')),
      // The smallest share for junk, so the test can fill it.
      POSTBACK_REJECTION_SPOOL_MAX_BYTES: String(1024 * 1024),
    });
  });

  afterAll(async () => {
    // The broker is stopped even when the app never started, so no stray broker outlives the run.
    try {
      await (app as HttpServiceApp | undefined)?.close();
    } finally {
      broker.stop();
    }
  });

  it('answers 200 through the spool, and every accepted postback reaches Kafka after it returns', async () => {
    const before = await endOffsets(kafka, [TOPICS.postbacksReceived.name]);
    broker.stop();

    const answers = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        app.inject({ method: 'GET', url: `/postback?cid=${codec.generate()}&txid=outage-${String(i)}` }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array<number>(COUNT).fill(200));
    const ids = answers.map((a) => a.json<{ id: string }>().id);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/postbacks_received_total\{outcome="spooled",reason=""\} [1-9]/);
    // Still ready: postbacks are being made durable on disk.
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);

    broker.start();
    const collector = await collectFrom(kafka, before);
    try {
      await eventually(
        () => {
          const seen = new Set(collector.messages.map((m) => (m.json as { id: string }).id));
          expect(ids.filter((id) => !seen.has(id))).toEqual([]);
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      await collector.stop();
    }
  });

  it('spools rejections in their own bounded share: junk fills it, real postbacks are still accepted (issue 12, item 5)', async () => {
    const before = await endOffsets(kafka, [TOPICS.postbacksRejected.name]);
    broker.stop();

    // Rejections (no cid) with the largest parameters the log keeps: ~16 KB each on the spool.
    const junk = Array.from({ length: 30 }, (_, i) => `p${String(i)}=${'j'.repeat(500)}`).join('&');
    const rejected: string[] = [];
    let refused = 0;
    for (let i = 0; i < 120 && refused < 3; i++) {
      const answer = await app.inject({
        method: 'POST',
        url: '/postback',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: junk,
      });
      if (answer.statusCode === 400) rejected.push(answer.json<{ id: string }>().id);
      else {
        // Its own share is full: 503, so the network retries later, never a 400 without a log entry.
        expect(answer.statusCode).toBe(503);
        expect(answer.headers['retry-after']).toBe('5');
        refused++;
      }
    }
    expect(rejected.length).toBeGreaterThan(30);
    expect(refused).toBe(3);

    // Real postbacks do not share that space: still accepted through the main spool.
    const accepted = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.inject({ method: 'GET', url: `/postback?cid=${codec.generate()}` }),
      ),
    );
    expect(accepted.map((a) => a.statusCode)).toEqual(Array<number>(20).fill(200));
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /postbacks_received_total\{outcome="unavailable",reason="missing-click-id"\} 3/,
    );
    expect(metrics.body).toMatch(/postback_rejections_spool_bytes [1-9]/);

    // Every rejection answered 400 was durable: it reaches Kafka once the broker is back.
    broker.start();
    const collector = await collectFrom(kafka, before);
    try {
      await eventually(
        () => {
          const seen = new Set(collector.messages.map((m) => (m.json as { id: string }).id));
          expect(rejected.filter((id) => !seen.has(id))).toEqual([]);
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      await collector.stop();
    }
  });
});
