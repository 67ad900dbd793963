import { TOPICS } from '@clickledger/contracts';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { createKafkaClient } from '@clickledger/platform-kafka';
import { collectFromNow, eventually, testInfrastructure, type KafkaCollector } from '@clickledger/testing';
import { signTestClickToken, TEST_CLICK_HEADER } from '@clickledger/tracking';
import { campaignConfig, createClickApp, publishConfig, TEST_SECRETS } from './click-app';

const infra = testInfrastructure();
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'click-enrichment-test' });

// Real crawlers' user agents, as their operators document them.
const CRAWLERS = [
  // https://developers.google.com/search/docs/crawling-indexing/overview-google-crawlers
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  // https://www.bing.com/webmasters/help/which-crawlers-does-bing-use-8c184ec0
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  // https://developers.facebook.com/docs/sharing/webmasters/web-crawlers/
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  // https://platform.openai.com/docs/bots
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.1; +https://openai.com/gptbot)',
];
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

type ClickData = Record<string, unknown>;

describe('click service: visitor enrichment (CONTRACT §3) and test clicks', () => {
  const campaign = campaignConfig();
  const [offer] = campaign.offers;
  const withCountry = {
    ...campaign,
    offers: [{ ...offer, url: 'https://network.example/o?s2={clickid}&geo={country}' }],
  };
  let app: HttpServiceApp;
  let clicks: KafkaCollector;

  beforeAll(async () => {
    await publishConfig(kafka, withCountry.campaignKey, withCountry);
    clicks = await collectFromNow(kafka, [TOPICS.clicksRecorded.name]);
    app = await createClickApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      CLICK_COUNTRY_HEADER: 'cf-ipcountry',
      TRUSTED_PROXIES: 'loopback',
    });
  });

  afterAll(async () => {
    await app.close();
    await clicks.stop();
  });

  async function click(headers: Record<string, string>): Promise<{ geo: string | null; data: ClickData }> {
    const response = await app.inject({ method: 'GET', url: `/c/${withCountry.campaignKey}`, headers });
    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location as string);
    const clickId = location.searchParams.get('s2') ?? '';
    const message = await eventually(() => {
      const found = clicks.messages.find((m) => m.key === clickId);
      if (!found) throw new Error(`no click event for ${clickId} yet`);
      return found;
    });
    return { geo: location.searchParams.get('geo'), data: (message.json as { data: ClickData }).data };
  }

  // What the bundled DB-IP country lite database (2026-06) answers for these addresses.
  it.each([
    ['8.8.8.8', 'US'],
    ['1.1.1.1', 'AU'],
    ['81.2.69.142', 'GB'],
    ['193.0.6.139', 'NL'],
    ['2a00:1450:4001:81b::200e', 'DE'],
  ])('puts the GeoIP country of %s (%s) on the click and in {country}', async (ip, country) => {
    const { geo, data } = await click({ 'x-forwarded-for': ip, 'user-agent': IPHONE });
    expect(geo).toBe(country);
    expect(data).toMatchObject({ ip, country });
    expect(data.bot).toBeUndefined();
  });

  it('leaves the country empty for private and documentation addresses', async () => {
    for (const ip of ['10.1.2.3', '203.0.113.5']) {
      const { geo, data } = await click({ 'x-forwarded-for': ip });
      expect(geo).toBe('');
      expect(data.country ?? null).toBeNull();
    }
  });

  it('takes the nearest untrusted X-Forwarded-For address, never a spoofed one behind it', async () => {
    // The visitor claims 1.1.1.1; the trusted proxy (loopback) saw 8.8.8.8.
    const { data } = await click({ 'x-forwarded-for': '1.1.1.1, 8.8.8.8' });
    expect(data).toMatchObject({ ip: '8.8.8.8', country: 'US' });
  });

  it('lets the configured country header win over GeoIP', async () => {
    const { geo, data } = await click({ 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'fr' });
    expect(geo).toBe('FR');
    expect(data.country).toBe('FR');
  });

  it.each(CRAWLERS)('flags a known crawler as bot and still redirects it: %s', async (userAgent) => {
    const { data } = await click({ 'user-agent': userAgent, 'x-forwarded-for': '8.8.8.8' });
    expect(data).toMatchObject({ bot: true, device: 'bot', country: 'US' });
  });

  it('marks a click test only with a valid token for its campaign', async () => {
    const valid = signTestClickToken(TEST_SECRETS[0] ?? '', withCountry.campaignKey);
    expect((await click({ [TEST_CLICK_HEADER]: valid })).data.test).toBe(true);
    const otherCampaign = signTestClickToken(TEST_SECRETS[0] ?? '', 'another-campaign');
    const forged = signTestClickToken('not-the-click-id-secret', withCountry.campaignKey);
    for (const token of [otherCampaign, forged, 'yes']) {
      expect((await click({ [TEST_CLICK_HEADER]: token })).data.test).toBeUndefined();
    }
  });
});

describe('click service: GeoIP configuration', () => {
  it('refuses to start with a GEOIP_DATABASE_FILE it cannot read', async () => {
    await expect(
      createClickApp({
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        GEOIP_DATABASE_FILE: '/nonexistent/geoip.mmdb',
      }),
    ).rejects.toThrow(/GEOIP_DATABASE_FILE: must name a readable MMDB file/);
  });

  it('looks nothing up with GEOIP_ENABLED=false', async () => {
    const campaign = campaignConfig();
    await publishConfig(kafka, campaign.campaignKey, campaign);
    const clicks = await collectFromNow(kafka, [TOPICS.clicksRecorded.name]);
    const app = await createClickApp({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      TRUSTED_PROXIES: 'loopback',
      GEOIP_ENABLED: 'false',
    });
    try {
      const response = await app.inject({
        method: 'GET',
        url: `/c/${campaign.campaignKey}`,
        headers: { 'x-forwarded-for': '8.8.8.8' },
      });
      const clickId = new URL(response.headers.location as string).searchParams.get('s2') ?? '';
      const message = await eventually(() => {
        const found = clicks.messages.find((m) => m.key === clickId);
        if (!found) throw new Error('no click event yet');
        return found;
      });
      expect((message.json as { data: ClickData }).data).toMatchObject({ ip: '8.8.8.8', country: null });
    } finally {
      await app.close();
      await clicks.stop();
    }
  });
});
