import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import fc from 'fast-check';
import { TOPICS, validateEvent } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import {
  collectFromNow,
  eventually,
  socketRequest,
  testInfrastructure,
  type KafkaCollector,
} from '@clickledger/testing';
import { OFFER_URL_TOKENS } from '@clickledger/tracking';
import { campaignConfig, createClickApp, publishConfig } from './click-app';

const infra = testInfrastructure();
const kafka = createKafkaClient({ brokers: infra.kafkaBrokers, clientId: 'click-any-input-test' });
const ANSWERS = [302, 404, 405, 503];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
/** Names of the traffic source's parameters, and names that trip naive object handling. */
const PARAM_NAMES = [
  'clickid',
  'cost',
  'zone',
  'site',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
];
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

const hex = (byte: number): string => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
/** UTF-8 percent-encoding, as a browser sends it (a lone surrogate becomes EF BF BD). */
const utf8Encoded = (value: string): string =>
  Array.from(new TextEncoder().encode(value), (byte) => {
    const char = String.fromCharCode(byte);
    return byte < 0x80 && UNRESERVED.test(char) ? char : hex(byte);
  }).join('');

/** A query value as any client might send it: proper UTF-8, raw bytes (invalid UTF-8), or stray `%`/`+`. */
const queryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }).map(utf8Encoded),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Array.from(bytes, hex).join('')),
  fc.string({
    unit: fc.constantFrom('a', '%', '+', '=', ';', ',', '/', ':', '@', '!', '$', "'", '(', '*'),
    maxLength: 20,
  }),
  fc.constant(`${'a'.repeat(254)}%F0%9F%98%80`),
);
const queryName = fc.oneof(fc.constantFrom(...PARAM_NAMES), queryText);
const query = fc
  .array(fc.tuple(queryName, fc.option(queryText, { nil: undefined })), { maxLength: 12 })
  .map((pairs) => pairs.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join('&'));
/** Header values as Node passes them on: any byte but CR, LF and NUL, read as latin1. */
const headerText = fc.string({
  unit: fc
    .integer({ min: 0, max: 255 })
    .filter((code) => code === 9 || (code >= 32 && code !== 127))
    .map((code) => String.fromCharCode(code)),
  maxLength: 1500,
});
const forwardedFor = fc.oneof(
  headerText,
  fc
    .array(
      fc.oneof(
        fc.ipV4(),
        fc.ipV6(),
        fc.constantFrom('unknown', '127.0.0.1', '10.0.0.1', '[::1]:80', '1.2.3.4:99', ''),
      ),
      { maxLength: 5 },
    )
    .map((ips) => ips.join(', ')),
);
const headers = fc.record(
  {
    'user-agent': headerText,
    referer: headerText,
    'x-forwarded-for': forwardedFor,
    'cf-ipcountry': fc.oneof(headerText, fc.constantFrom('DE', 'us', 'XX', 'T1')),
  },
  { requiredKeys: [] },
);

/**
 * CONTRACT §3 "any input gets a redirect or a 404, never a 500", over the real click path with the
 * real Kafka: arbitrary methods, campaign keys, query strings and headers. Every answer is 302, 404,
 * 405 or 503; every GET 302 produced exactly one click event that the contract's validator (the
 * one attribution uses) accepts; a HEAD produced none.
 */
describe('click service: any input (property)', () => {
  // Every token in the offer URL, so every value reaches encodeURIComponent.
  const config = campaignConfig({
    trafficSource: {
      id: 'ts-any',
      externalIdParam: 'clickid',
      costParam: 'cost',
      variables: { var1: 'zone', var2: 'site', var3: 'constructor', var4: '__proto__', var5: 'toString' },
    },
  });
  config.offers[0] = {
    ...config.offers[0],
    url: `https://network.example/o?${OFFER_URL_TOKENS.map((token, i) => `p${String(i)}={${token}}`).join('&')}`,
  };
  let app: HttpServiceApp;
  let clicks: KafkaCollector;

  beforeAll(async () => {
    await publishConfig(kafka, config.campaignKey, config);
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

  it('answers 302/404/405/503 only, and each GET redirect is exactly one valid click event', async () => {
    const recorded: string[] = [];
    const previewed: string[] = [];
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.constant(config.campaignKey) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }).map(utf8Encoded) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('', `${config.campaignKey}/x`, `${config.campaignKey}%2F`, '..', '%2E%2E'),
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        key,
        query,
        headers,
        async (method, campaignKey, search, sent) => {
          const answer = await app.inject({
            method,
            url: `/c/${campaignKey}${search === '' ? '' : `?${search}`}`,
            headers: sent,
            ...(method === 'POST' || method === 'PUT' ? { payload: search } : {}),
          });
          expect(ANSWERS).toContain(answer.statusCode);
          if (answer.statusCode === 405) expect(answer.headers.allow).toBe('GET, HEAD');
          if (answer.statusCode !== 302) return;
          const location = new URL(answer.headers.location as string);
          expect(location.origin).toBe('https://network.example');
          const clickId = location.searchParams.get('p0') ?? '';
          (method === 'GET' ? recorded : previewed).push(clickId);
        },
      ),
      { numRuns: 400 },
    );
    expect(recorded.length).toBeGreaterThan(50);

    const ours = () =>
      clicks.messages.filter(
        (m) =>
          (m.json as { data?: { campaignId?: string } } | undefined)?.data?.campaignId === config.campaignId,
      );
    await eventually(
      () => {
        const seen = new Set(ours().map((m) => m.key));
        expect(recorded.filter((id) => !seen.has(id))).toEqual([]);
      },
      { timeoutMs: 30_000 },
    );
    const events = ours();
    expect(events.map((m) => m.key).sort()).toEqual([...recorded].sort());
    for (const message of events) {
      const result = validateEvent(TOPICS.clicksRecorded.name, message.json);
      expect(result.ok ? [] : result.errors).toEqual([]);
      if (result.ok) expect(isIP(result.event.data.ip)).not.toBe(0);
    }
    expect(events.filter((m) => previewed.includes(m.key ?? ''))).toEqual([]);
  });

  it('a real socket (the raw route) gets the answer the Fastify route gives (inject), whatever the link', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const key = fc.oneof(
      { weight: 3, arbitrary: fc.constant(config.campaignKey) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(utf8Encoded) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          'nope',
          `${config.campaignKey}/x`,
          `${config.campaignKey};a=1`,
          `${config.campaignKey}%2F`,
        ),
      },
    );
    let raw = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD'),
        key,
        query,
        headers,
        async (method, campaignKey, search, sent) => {
          // As inject() delivers it (WHATWG-normalized): the socket gets exactly the same request line.
          const written = new URL(
            `/c/${campaignKey}${search === '' ? '' : `?${search}`}`,
            'http://localhost',
          );
          const url = `${written.pathname}${written.search}`;
          // Node's parser drops the whitespace around a header value and inject() does not: both get
          // the values trimmed. inject() also sends its own user agent (a bot's) for an empty one.
          const trimmed = Object.fromEntries(
            Object.entries(sent).map(([name, value]) => [name, value.trim()]),
          );
          const headersSent = { ...trimmed, 'user-agent': trimmed['user-agent'] || BROWSER };
          const viaFastify = await app.inject({ method, url, headers: headersSent });
          const viaSocket = await socketRequest(port, method, url, headersSent);
          expect(viaSocket.status).toBe(viaFastify.statusCode);
          for (const name of ['cache-control', 'content-type', 'retry-after'])
            expect([name, viaSocket.headers[name]]).toEqual([name, viaFastify.headers[name]]);
          expect(viaSocket.headers['x-correlation-id']).toEqual(expect.any(String));
          // inject() keeps a body on HEAD answers; a socket never carries one.
          expect(comparableBody(viaSocket.body)).toBe(
            method === 'HEAD' ? '' : comparableBody(viaFastify.body),
          );
          if (viaSocket.status === 302) {
            raw += 1;
            expect(comparable(viaSocket.headers.location)).toEqual(comparable(viaFastify.headers.location));
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(raw).toBeGreaterThan(30);
  });

  it('an offer on a Unicode address redirects to it as a browser would send it (Node refuses non-ASCII headers)', async () => {
    const unicode = campaignConfig();
    unicode.offers[0] = { ...unicode.offers[0], url: 'https://例え.jp/café?c={clickid}' };
    await publishConfig(kafka, unicode.campaignKey, unicode);
    await app.listen(0, '127.0.0.1').catch(() => undefined); // already listening from the test above
    const { port } = app.getHttpServer().address() as AddressInfo;
    const answer = await eventually(async () => {
      const sent = await socketRequest(port, 'GET', `/c/${unicode.campaignKey}`, { 'user-agent': BROWSER });
      expect(sent.status).toBe(302);
      return sent;
    });
    expect(answer.headers.location).toMatch(
      /^https:\/\/xn--r8jz45g\.jp\/caf%C3%A9\?c=[0-9A-HJKMNP-TV-Z]{26}(&|$)/,
    );
    expect(answer.headers['content-length']).toBe('0');
    const viaFastify = await app.inject({ method: 'GET', url: `/c/${unicode.campaignKey}` });
    expect(viaFastify.statusCode).toBe(302);
    expect(viaFastify.headers.location).toMatch(/^https:\/\/xn--r8jz45g\.jp\/caf%C3%A9\?c=/);
  });
});

/** A body, or a platform error's code only (its message quotes the URL, which inject() re-encodes). */
function comparableBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string } };
    return parsed.error?.code ?? body;
  } catch {
    return body;
  }
}

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

/** A redirect's target without what differs per click: the click ID and the timestamp tokens. */
function comparable(location: string | string[] | undefined): Record<string, string> {
  const url = new URL(String(location));
  const params = Object.fromEntries(url.searchParams);
  const clickIdParam = `p${String(OFFER_URL_TOKENS.indexOf('clickid'))}`;
  const timestampParam = `p${String(OFFER_URL_TOKENS.indexOf('timestamp'))}`;
  return { ...params, origin: url.origin, [clickIdParam]: 'click id', [timestampParam]: 'timestamp' };
}
