/**
 * Click redirect throughput and latency, loaded by wrk from its own process, in one run against
 * two baselines: a bare `node:http` server answering the same 302 and the reference server that
 * answers only after kafkajs acknowledged the event (bench/reference-server.ts); then a check
 * that the click events in Kafka match wrk's 2xx/3xx answers, by each request's unique id.
 * Each click comes through a trusted local proxy with a different public visitor address in
 * X-Forwarded-For and a browser's User-Agent (bench/wrk/requests.lua), so GeoIP and bot detection
 * do real work; the click service is measured with GeoIP on and off (`--geoip on|off|both`).
 *   npm run bench -- click [--seconds 10] [--connections 64] [--threads 1] [--geoip both] [--verbose]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { createKafkaClient, eventMessage, parseBrokers } from '@clickledger/platform-kafka';
import { measureBaselines } from './lib/baselines';
import { collectIds, endOffsets } from './lib/kafka-count';
import { messageOf } from './lib/kafka-message';
import { startService } from './lib/processes';
import {
  parseWrkOptions,
  printTable,
  reportAccounting,
  requireWrk,
  warmedWrk,
  type WrkResult,
} from './lib/wrk';

const OPTIONS = parseWrkOptions(
  'npm run bench -- click [--seconds 10] [--connections 64] [--threads 1] [--geoip on|off|both] [--verbose]',
  { geoip: 'both' },
);
const GEOIP = OPTIONS.values.geoip;
if (!['on', 'off', 'both'].includes(GEOIP)) {
  console.error(`--geoip must be on, off or both (got ${GEOIP})`);
  process.exit(2);
}
const SECRET = 'bench-click-secret-0000000001';
const CAMPAIGN_KEY = `bench${String(Date.now())}`;

/** Prefix of this run's request ids (clickid=, the events' externalId). */
const RUN = `k${Date.now().toString(36)}`;

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
  requireWrk();
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-click' });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: TOPICS.campaignsConfig.name,
    acks: -1,
    messages: [messageOf(eventMessage(TOPICS.campaignsConfig.name, CONFIG))],
  });
  await producer.disconnect();
  console.log(
    `click bench: wrk -t${String(OPTIONS.threads)} -c${String(OPTIONS.connections)} -d${String(OPTIONS.seconds)}s per target ` +
      `(after 1 s of warm-up), Kafka ${brokers.join(',')}`,
  );
  const target = { mode: 'click', tag: RUN, arg: CAMPAIGN_KEY } as const;
  const { bare, reference } = await measureBaselines(kafka, brokers, 'redirect', target, OPTIONS);

  const modes = GEOIP === 'both' ? ['on', 'off'] : [GEOIP];
  const rows: [string, WrkResult][] = [
    ['bare node:http (302)', bare],
    ['reference (302 after kafkajs ack)', reference],
  ];
  let passed = true;
  for (const mode of modes) {
    const before = await endOffsets(kafka, TOPICS.clicksRecorded.name);
    const click = await startService('click', {
      KAFKA_BROKERS: brokers.join(','),
      CLICK_ID_SECRETS: SECRET,
      KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-click-spool-')),
      TRUSTED_PROXIES: 'loopback',
      GEOIP_ENABLED: mode === 'off' ? 'false' : 'true',
    });
    const tag = `${RUN}g${mode}`;
    const result = await warmedWrk({ ...target, port: click.port, pid: click.child.pid, tag }, OPTIONS);
    await click.stop(); // flushes what was still being published
    const after = await endOffsets(kafka, TOPICS.clicksRecorded.name);
    const seen = await collectIds(kafka, TOPICS.clicksRecorded.name, before, after, `${tag}-`, (value) => {
      const id = (JSON.parse(value.toString('utf8')) as { data?: { externalId?: string | null } }).data
        ?.externalId;
      return id ?? undefined;
    });
    rows.push([`click service, GeoIP ${mode}`, result]);
    passed =
      reportAccounting(`end-to-end check, GeoIP ${mode}`, result, seen, TOPICS.clicksRecorded.name) && passed;
  }
  printTable(rows, reference);
  if (!passed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
