import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPIC_DEFINITIONS, TOPICS } from '@clickledger/contracts';
import { createKafkaClient, ensureTopics } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { collectFrom, endOffsets, eventually, LocalBroker } from '@clickledger/testing';
import { campaignConfig, createClickApp, publishConfig } from './click-app';

const COUNT = 300;

/** A click is never lost: with Kafka down, redirects go on through the spool. */
describe('click service while Kafka is down', () => {
  const broker = new LocalBroker(19392);
  // Default retries: a fresh broker may still be electing the leaders of topics it just created.
  const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'click-outage-test' });
  const config = campaignConfig();
  let app: HttpServiceApp;

  beforeAll(async () => {
    broker.start();
    await ensureTopics(kafka, ALL_TOPIC_DEFINITIONS);
    await publishConfig(kafka, config.campaignKey, config);
    app = await createClickApp({
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'click-outage-spool-')),
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

  it('keeps redirecting through the spool, and every click reaches Kafka after it returns', async () => {
    const before = await endOffsets(kafka, [TOPICS.clicksRecorded.name]);
    broker.stop();

    const answers = await Promise.all(
      Array.from({ length: COUNT }, () =>
        app.inject({ method: 'GET', url: `/c/${config.campaignKey}?zone=9` }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array<number>(COUNT).fill(302));
    const clickIds = answers.map((a) => new URL(a.headers.location as string).searchParams.get('s2') ?? '');
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/clicks_total\{outcome="spooled"\} [1-9]/);

    broker.start();
    const collector = await collectFrom(kafka, before);
    try {
      await eventually(
        () => {
          const seen = new Set(collector.messages.map((m) => m.key));
          expect(clickIds.filter((id) => !seen.has(id))).toEqual([]);
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      await collector.stop();
    }
  });
});
