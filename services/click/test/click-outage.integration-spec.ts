import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPIC_DEFINITIONS, TOPICS, validateEvent } from '@clickledger/contracts';
import { createKafkaClient, ensureTopics } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { collectFrom, endOffsets, eventually, LocalBroker } from '@clickledger/testing';
import { campaignConfig, createClickApp, publishConfig, tempDir } from './click-app';

const COUNT = 300;

const clickIdOf = (location: unknown): string => new URL(location as string).searchParams.get('s2') ?? '';

/** A click is never lost, and the service needs no Kafka to start (CONTRACT §3; issue 12, items 7 and 8). */
describe('click service while Kafka is down', () => {
  const broker = new LocalBroker(19392);
  // Default retries: a fresh broker may still be electing the leaders of topics it just created.
  const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'click-outage-test' });
  const config = campaignConfig();
  const paused = campaignConfig();
  const snapshotFile = join(tempDir('click-outage-snapshot'), 'campaigns.json');
  const apps: HttpServiceApp[] = [];
  const start = async (env: Record<string, string> = {}): Promise<HttpServiceApp> => {
    const app = await createClickApp({
      KAFKA_BROKERS: broker.brokers.join(','),
      CLICK_CAMPAIGN_SNAPSHOT_FILE: snapshotFile,
      ...env,
    });
    apps.push(app);
    return app;
  };
  const snapshotKeys = (): string[] =>
    (JSON.parse(readFileSync(snapshotFile, 'utf8')) as { events: { data: { campaignKey: string } }[] }).events
      .map((event) => event.data.campaignKey)
      .sort();
  let app: HttpServiceApp;

  beforeAll(async () => {
    broker.start();
    await ensureTopics(kafka, ALL_TOPIC_DEFINITIONS);
    await publishConfig(kafka, config.campaignKey, config);
    await publishConfig(kafka, paused.campaignKey, paused);
    app = await start();
  });

  afterAll(async () => {
    // The broker is stopped even when an app never started, so no stray broker outlives the run.
    try {
      for (const started of apps) await started.close();
    } finally {
      broker.stop();
    }
  });

  it('keeps the campaign configuration on local disk', async () => {
    await eventually(() => {
      // The broker keeps earlier runs' campaigns too.
      expect(snapshotKeys()).toEqual(expect.arrayContaining([config.campaignKey, paused.campaignKey]));
    });
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
    const clickIds = answers.map((a) => clickIdOf(a.headers.location));
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

  it('starts with Kafka down from the snapshot, redirects, and catches up when Kafka returns', async () => {
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const before = await endOffsets(kafka, [TOPICS.clicksRecorded.name]);
    broker.stop();

    const fromSnapshot = await start();
    const withoutSnapshot = await start({
      CLICK_CAMPAIGN_SNAPSHOT_FILE: join(tempDir('click-outage-none'), 'campaigns.json'),
    });
    expect((await fromSnapshot.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const during = await fromSnapshot.inject({ method: 'GET', url: `/c/${config.campaignKey}?zone=7` });
    expect(during.statusCode).toBe(302);
    expect(new URL(during.headers.location as string).host).toBe('network.example');
    expect((await fromSnapshot.inject({ method: 'GET', url: `/c/${paused.campaignKey}` })).statusCode).toBe(
      302,
    );
    expect((await fromSnapshot.inject({ method: 'GET', url: '/c/unknown-campaign' })).statusCode).toBe(404);

    // No snapshot and no Kafka: it cannot know any campaign, so it says "later", not "not found".
    expect((await withoutSnapshot.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503);
    const unknown = await withoutSnapshot.inject({ method: 'GET', url: `/c/${config.campaignKey}` });
    expect(unknown.statusCode).toBe(503);
    expect(unknown.headers['retry-after']).toBe('5');

    broker.start();
    const changed = {
      ...config,
      offers: [{ ...config.offers[0], url: 'https://other.example/new?cid={clickid}' }],
    };
    await publishConfig(kafka, config.campaignKey, changed);
    await publishConfig(kafka, paused.campaignKey, null);
    for (const instance of [fromSnapshot, withoutSnapshot]) {
      await eventually(
        async () => {
          const answer = await instance.inject({ method: 'GET', url: `/c/${config.campaignKey}` });
          expect(answer.headers.location).toMatch(/^https:\/\/other\.example\/new\?cid=/);
          expect((await instance.inject({ method: 'GET', url: `/c/${paused.campaignKey}` })).statusCode).toBe(
            404,
          );
          expect((await instance.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
        },
        { timeoutMs: 60_000 },
      );
    }
    await eventually(() => {
      expect(snapshotKeys()).toContain(config.campaignKey);
      expect(snapshotKeys()).not.toContain(paused.campaignKey);
    });

    // The click made from the snapshot while Kafka was down is in Kafka now, valid.
    const collector = await collectFrom(kafka, before);
    try {
      const message = await eventually(
        () => {
          const found = collector.messages.find((m) => m.key === clickIdOf(during.headers.location));
          if (!found) throw new Error('click made during the outage not in Kafka yet');
          return found;
        },
        { timeoutMs: 60_000 },
      );
      expect(validateEvent(TOPICS.clicksRecorded.name, message.json).ok).toBe(true);
    } finally {
      await collector.stop();
    }
  });

  it('answers 503 with Retry-After, never 500, when the click can be neither sent nor spooled', async () => {
    broker.stop();
    const small = await start({ KAFKA_SPOOL_MAX_BYTES: String(1024 * 1024) });
    const statuses = new Set<number>();
    let refused: Awaited<ReturnType<HttpServiceApp['inject']>> | undefined;
    for (let i = 0; i < 2000 && !refused; i++) {
      const answer = await small.inject({
        method: 'GET',
        url: `/c/${config.campaignKey}`,
        headers: { referer: `https://r.example/${'r'.repeat(2000)}`, 'user-agent': 'u'.repeat(1024) },
      });
      statuses.add(answer.statusCode);
      if (answer.statusCode === 503) refused = answer;
    }
    expect([...statuses].sort()).toEqual([302, 503]);
    expect(refused?.headers['retry-after']).toBe('5');
    expect(refused?.headers.location).toBeUndefined();
    const metrics = await small.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/clicks_total\{outcome="unavailable_not_durable"\} [1-9]/);
  });
});
