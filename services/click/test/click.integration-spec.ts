import { TOPICS, validateEvent } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { collectFromNow, eventually, testInfrastructure, type KafkaCollector } from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { campaignConfig, createClickApp, publishConfig, TEST_SECRETS } from './click-app';

const infra = testInfrastructure();
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'click-test' });
const codec = new ClickIdCodec(TEST_SECRETS);
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

describe('click service', () => {
  const loadedBeforeStart = campaignConfig();
  let app: HttpServiceApp;
  let clicks: KafkaCollector;

  beforeAll(async () => {
    await publishConfig(kafka, loadedBeforeStart.campaignKey, loadedBeforeStart);
    clicks = await collectFromNow(kafka, [TOPICS.clicksRecorded.name]);
    app = await createClickApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      CLICK_COUNTRY_HEADER: 'cf-ipcountry',
      // app.inject() connects from 127.0.0.1: X-Forwarded-For is believed, as behind a local proxy.
      TRUSTED_PROXIES: 'loopback',
    });
  });

  afterAll(async () => {
    await app.close();
    await clicks.stop();
  });

  const clickEvent = (clickId: string) =>
    eventually(() => {
      const found = clicks.messages.find((m) => m.key === clickId);
      if (!found) throw new Error(`no click event for ${clickId} yet`);
      return found;
    });

  it('is ready only with the campaigns loaded, and redirects a campaign that existed before it started', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    const response = await app.inject({
      method: 'GET',
      url: `/c/${loadedBeforeStart.campaignKey}?clickid=ts-abc&zone=42&site=news&cost=0.0500&url=https://evil.example/`,
      headers: {
        'user-agent': IPHONE,
        'cf-ipcountry': 'de',
        'x-correlation-id': 'corr-click-1',
        referer: 'https://src.example/p',
      },
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers['cache-control']).toBe('no-store');
    const location = new URL(response.headers.location as string);
    expect(location.host).toBe('network.example');
    const clickId = location.searchParams.get('s2') ?? '';
    expect(codec.verify(clickId).ok).toBe(true);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      id: '7',
      s2: clickId,
      zone: '42',
      ext: 'ts-abc',
      c: '0.05',
      dev: 'mobile',
    });

    const message = await clickEvent(clickId);
    expect(message.headers['x-correlation-id']).toBe('corr-click-1');
    const event = message.json as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('click.recorded');
    expect(event.data).toMatchObject({
      clickId,
      campaignId: loadedBeforeStart.campaignId,
      campaignKey: loadedBeforeStart.campaignKey,
      offerId: 'offer-1',
      affiliateNetworkId: 'net-1',
      trafficSourceId: 'ts-1',
      externalId: 'ts-abc',
      cost: '0.05',
      vars: { var1: '42', var2: 'news' },
      device: 'mobile',
      os: 'iOS',
      country: 'DE',
      referrer: 'https://src.example/p',
    });
    const verified = codec.verify(clickId);
    expect(verified.ok && new Date(verified.timestampMs).toISOString()).toBe(event.data.clickedAt);
  });

  const metric = async (pattern: RegExp): Promise<number> => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
  };
  const CLICKS_TOTAL = /^clicks_total\{[^}]*\} (\d+)$/gm;

  it('answers HEAD like GET but records and counts nothing (CONTRACT §3; issue 12, item 4)', async () => {
    const countedBefore = await metric(CLICKS_TOTAL);
    const head = await app.inject({ method: 'HEAD', url: `/c/${loadedBeforeStart.campaignKey}?zone=1` });
    expect(head.statusCode).toBe(302);
    expect(head.headers['cache-control']).toBe('no-store');
    const location = new URL(head.headers.location as string);
    expect(location.host).toBe('network.example');
    expect(location.searchParams.get('zone')).toBe('1');
    const headClickId = location.searchParams.get('s2') ?? '';
    expect(codec.verify(headClickId).ok).toBe(true);
    expect(await app.inject({ method: 'HEAD', url: '/c/no-such-campaign' })).toMatchObject({
      statusCode: 404,
    });
    expect(await metric(CLICKS_TOTAL)).toBe(countedBefore);

    // A GET published after the HEAD is in Kafka: had the HEAD published, its event would be too.
    const get = await app.inject({ method: 'GET', url: `/c/${loadedBeforeStart.campaignKey}` });
    await clickEvent(new URL(get.headers.location as string).searchParams.get('s2') ?? '');
    expect(clicks.messages.filter((m) => m.key === headClickId)).toEqual([]);
    expect(await metric(CLICKS_TOTAL)).toBe(countedBefore + 1);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const)(
    'answers %s with 405 and Allow: GET, HEAD, whatever the body',
    async (method) => {
      const response = await app.inject({
        method,
        url: `/c/${loadedBeforeStart.campaignKey}`,
        headers: { 'content-type': 'application/x-unknown' },
        payload: 'x'.repeat(64 * 1024),
      });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.headers.location).toBeUndefined();
    },
  );

  it('never cuts inside a character nor answers 500 on an emoji at the bound (issue 12, item 1)', async () => {
    const emoji = '\u{1F600}';
    const response = await app.inject({
      method: 'GET',
      // zone: the emoji fits the 255-unit bound whole; site: it would not, so it is left out whole.
      url: `/c/${loadedBeforeStart.campaignKey}?zone=${'a'.repeat(253)}%F0%9F%98%80x&site=${'b'.repeat(254)}%F0%9F%98%80&clickid=%00x`,
      headers: { 'user-agent': `${'u'.repeat(1023)}\u00e9\u00e9`, referer: 'r'.repeat(5000) },
    });
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string);
    expect(location.searchParams.get('zone')).toBe(`${'a'.repeat(253)}${emoji}`);
    expect(location.searchParams.get('ext')).toBe('\uFFFDx');
    const event = (await clickEvent(location.searchParams.get('s2') ?? '')).json as {
      data: Record<string, unknown>;
    };
    expect(validateEvent(TOPICS.clicksRecorded.name, event).ok).toBe(true);
    expect(event.data).toMatchObject({
      vars: { var1: `${'a'.repeat(253)}${emoji}`, var2: 'b'.repeat(254) },
      externalId: '\uFFFDx',
      userAgent: `${'u'.repeat(1023)}\u00e9`,
      referrer: 'r'.repeat(2048),
    });
  });

  it('takes the client IP from X-Forwarded-For behind a trusted proxy, ignoring non-IP values (item 9)', async () => {
    const ipOf = async (forwardedFor: string): Promise<unknown> => {
      const response = await app.inject({
        method: 'GET',
        url: `/c/${loadedBeforeStart.campaignKey}`,
        headers: { 'x-forwarded-for': forwardedFor },
      });
      const message = await clickEvent(
        new URL(response.headers.location as string).searchParams.get('s2') ?? '',
      );
      const event = message.json as { data: { ip: unknown } };
      expect(validateEvent(TOPICS.clicksRecorded.name, event).ok).toBe(true);
      return event.data.ip;
    };
    expect(await ipOf('198.51.100.7, 127.0.0.1')).toBe('198.51.100.7');
    expect(await ipOf('nonsense')).toBe('127.0.0.1');
    expect(await ipOf(`203.0.113.5, ${'x'.repeat(100)}, unknown`)).toBe('203.0.113.5');
  });

  it('answers 404 with a short text for an unknown campaign, and never redirects elsewhere', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/c/no-such-campaign?url=https://evil.example/',
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toBe('Campaign not found');
  });

  it('appends the click ID when the offer URL has no {clickid} token', async () => {
    const config = campaignConfig();
    const offer = { ...config.offers[0], url: 'https://network.example/landing', clickIdParam: 'aff_sub' };
    await publishConfig(kafka, config.campaignKey, { ...config, offers: [offer] });
    const response = await eventually(async () => {
      const answer = await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` });
      expect(answer.statusCode).toBe(302);
      return answer;
    });
    expect(response.headers.location).toMatch(/^https:\/\/network\.example\/landing\?aff_sub=[0-9A-Z]{26}$/);
  });

  it('follows a campaign change within a second, and a pause (tombstone) turns the link into 404', async () => {
    const config = campaignConfig();
    await publishConfig(kafka, config.campaignKey, config);
    await eventually(async () => {
      expect((await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` })).statusCode).toBe(302);
    });

    const changed = {
      ...config,
      offers: [{ ...config.offers[0], url: 'https://other.example/new?cid={clickid}' }],
    };
    // Timed from Kafka's ack (publishConfig connects a producer of its own first), polled every
    // 10 ms up to the full second (eventually's default back-off would stop polling at ~630 ms).
    await publishConfig(kafka, config.campaignKey, changed);
    const published = Date.now();
    await eventually(
      async () => {
        const answer = await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` });
        expect(answer.headers.location).toMatch(/^https:\/\/other\.example\/new\?cid=/);
      },
      { timeoutMs: 1000, intervalMs: 10, maxIntervalMs: 10 },
    );
    expect(Date.now() - published).toBeLessThan(1000);

    await publishConfig(kafka, config.campaignKey, null);
    await eventually(
      async () => {
        expect((await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` })).statusCode).toBe(404);
      },
      { timeoutMs: 1000, intervalMs: 10, maxIntervalMs: 10 },
    );
  });

  it('splits traffic between offers by weight', async () => {
    const config = campaignConfig();
    const base = config.offers[0];
    await publishConfig(kafka, config.campaignKey, {
      ...config,
      offers: [
        { ...base, offerId: 'light', weight: 1, url: 'https://light.example/?c={clickid}' },
        { ...base, offerId: 'heavy', weight: 3, url: 'https://heavy.example/?c={clickid}' },
      ],
    });
    await eventually(async () => {
      expect((await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` })).statusCode).toBe(302);
    });
    const hosts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const answer = await app.inject({ method: 'GET', url: `/c/${config.campaignKey}` });
      hosts.push(new URL(answer.headers.location as string).host);
    }
    const heavy = hosts.filter((h) => h === 'heavy.example').length / hosts.length;
    expect(heavy).toBeGreaterThan(0.6);
    expect(heavy).toBeLessThan(0.9);
  });
});
