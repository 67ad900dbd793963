/**
 * Click redirect throughput and latency against a bare Node http server answering the same 302
 * in the same run, then a check that the click events in Kafka equal the 302s.
 * Each click comes through a trusted local proxy with a different public visitor address in
 * X-Forwarded-For and a browser's User-Agent, so GeoIP and bot detection do real work; the click
 * service is measured with GeoIP on and off (`--geoip on|off|both`, default both).
 *   npm run bench -- click [--seconds 10] [--concurrency 64] [--geoip both]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { createKafkaClient, parseBrokers } from '@clickledger/platform-kafka';
import { formatRow, warmedLoad, type LoadResult } from './lib/load';
import { countIds, endOffsets } from './lib/kafka-count';
import { measureBareServer, startService } from './lib/processes';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const SECONDS = Number(args.get('--seconds') ?? 10);
const CONCURRENCY = Number(args.get('--concurrency') ?? 64);
const GEOIP = args.get('--geoip') ?? 'both';
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
/** A public-looking IPv4 address per request, spread over the whole space (Knuth's multiplicative hash). */
const visitorIp = (n: number): string => {
  const x = (Math.imul(n + 1, 2654435761) >>> 0) % 0xdf000000; // below 223.0.0.0: unicast
  return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
};
const headers = (n: number): Record<string, string> => ({
  'x-forwarded-for': visitorIp(n),
  'user-agent': BROWSER,
});
const SECRET = 'bench-click-secret-0000000001';
const CAMPAIGN_KEY = `bench${String(Date.now())}`;

const CONFIG: CampaignConfigData = {
  campaignId: 'bench-campaign',
  campaignKey: CAMPAIGN_KEY,
  status: 'active',
  trafficSource: {
    id: 'bench-source',
    externalIdParam: 'clickid',
    costParam: 'cost',
    variables: { var1: 'zone' },
  },
  offers: [
    {
      offerId: 'bench-offer-a',
      weight: 3,
      url: 'https://offers.example/o?id=7&s2={clickid}&zone={var1}&ext={externalid}',
      affiliateNetworkId: 'bench-network',
      clickIdParam: 's2',
      appendClickId: true,
      currency: 'USD',
    },
    {
      offerId: 'bench-offer-b',
      weight: 1,
      url: 'https://offers.example/b?sub1={clickid}&os={os}',
      affiliateNetworkId: 'bench-network',
      clickIdParam: 'sub1',
      appendClickId: true,
      currency: 'USD',
    },
  ],
  updatedAt: new Date().toISOString(),
};

async function main(): Promise<void> {
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-click' });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: TOPICS.campaignsConfig.name,
    acks: -1,
    messages: [
      { key: CAMPAIGN_KEY, value: JSON.stringify(createEvent(TOPICS.campaignsConfig.name, CONFIG)) },
    ],
  });
  await producer.disconnect();
  const path = (n: number): string =>
    `/c/${CAMPAIGN_KEY}?clickid=ts-${String(n)}&zone=${String(n % 50)}&cost=0.01`;
  console.log(
    `click bench: ${String(SECONDS)} s per target, ${String(CONCURRENCY)} connections, Kafka ${brokers.join(',')}`,
  );

  const baseline = await measureBareServer('redirect', (port) =>
    warmedLoad({ port, path, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }),
  );

  const modes = GEOIP === 'both' ? ['on', 'off'] : [GEOIP];
  const results: [string, LoadResult][] = [];
  const redirected = new Set<string>();
  const before = await endOffsets(kafka, TOPICS.clicksRecorded.name);
  for (const mode of modes) {
    const click = await startService('click', {
      KAFKA_BROKERS: brokers.join(','),
      CLICK_ID_SECRETS: SECRET,
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-click-spool-')),
      TRUSTED_PROXIES: 'loopback',
      GEOIP_ENABLED: mode === 'off' ? 'false' : 'true',
    });
    const result = await warmedLoad({
      port: click.port,
      path,
      headers,
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
      onAnswer: (status, _body, answerHeaders) => {
        if (status !== 302) return;
        const location = new URL(String(answerHeaders.location));
        redirected.add(location.searchParams.get('s2') ?? location.searchParams.get('sub1') ?? '');
      },
    });
    await click.stop();
    results.push([`click service, GeoIP ${mode}`, result]);
  }

  const verified = await countIds(kafka, TOPICS.clicksRecorded.name, before, redirected, (value) => {
    return (JSON.parse(value.toString('utf8')) as { data?: { clickId?: string } }).data?.clickId;
  });
  console.log(formatRow('bare node http (302)', baseline));
  for (const [label, result] of results) {
    console.log(formatRow(label, result));
    console.log(`  throughput vs bare: ${((100 * result.perSecond) / baseline.perSecond).toFixed(1)}%`);
  }
  console.log(
    `end-to-end check: ${String(redirected.size)} redirected (302), ${String(verified.found)} click events found in ${TOPICS.clicksRecorded.name}, ` +
      `${String(redirected.size - verified.found)} missing, ${String(verified.duplicates)} duplicated`,
  );
  if (verified.found !== redirected.size) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
