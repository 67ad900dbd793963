/**
 * Click redirect throughput and latency, loaded by wrk from its own process, in one run against
 * two baselines: a bare `node:http` server answering the same 302 and the reference server that
 * answers only after kafkajs acknowledged the event (bench/reference-server.ts); then a check
 * that the click events in Kafka match wrk's 2xx/3xx answers, by each request's unique id.
 * Each click comes through a trusted local proxy with a different public visitor address in
 * X-Forwarded-For and a browser's User-Agent (bench/wrk/requests.lua), so GeoIP and bot detection
 * do real work; the click service is measured with GeoIP on and off (`--geoip on|off|both`).
 * `--against <checkout>` also measures that checkout's build of the click service, in the same
 * turns: two versions of the code compared under the same conditions (build it there first).
 *   npm run bench -- click [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--geoip both] [--against DIR] [--verbose]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { createKafkaClient, eventMessage, parseBrokers } from '@clickledger/platform-kafka';
import { startBaselines } from './lib/baselines';
import { buildsToCompare, measureBuildsInTurns } from './lib/builds';
import { collectIds, endOffsets } from './lib/kafka-count';
import { messageOf } from './lib/kafka-message';
import { EventSizes } from './lib/reference-event';
import { startService } from './lib/processes';
import { parseWrkOptions, printTable, reportAccounting, requireWrk } from './lib/wrk';

const OPTIONS = parseWrkOptions(
  'npm run bench -- click [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--geoip on|off|both] [--against DIR] [--verbose]',
  { geoip: 'both', against: '' },
);
const GEOIP = OPTIONS.values.geoip;
if (!['on', 'off', 'both'].includes(GEOIP)) {
  console.error(`--geoip must be on, off or both (got ${GEOIP})`);
  process.exit(2);
}
const BUILDS = buildsToCompare(OPTIONS.values.against, 'click');
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
  const modes = GEOIP === 'both' ? ['on', 'off'] : [GEOIP];
  const variants = modes.flatMap((mode) =>
    BUILDS.map((build) => ({
      ...build,
      mode,
      label: `click service, GeoIP ${mode}${build.label}`,
      tag: `${RUN}g${mode}${build.tag}`,
    })),
  );
  console.log(
    `click bench: wrk -t${String(OPTIONS.threads)} -c${String(OPTIONS.connections)}, ${String(OPTIONS.seconds)} s per target ` +
      `in ${String(OPTIONS.rounds)} turns (after ${String(OPTIONS.warmUpSeconds)} s of warm-up each), Kafka ${brokers.join(',')}`,
  );
  const target = { mode: 'click', tag: RUN, arg: CAMPAIGN_KEY } as const;
  const baselines = await startBaselines(kafka, brokers, 'redirect', target);
  const before = await endOffsets(kafka, TOPICS.clicksRecorded.name);
  const results = await measureBuildsInTurns(
    baselines,
    target,
    variants,
    (variant) =>
      startService(
        'click',
        {
          KAFKA_BROKERS: brokers.join(','),
          CLICK_ID_SECRETS: SECRET,
          KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-click-spool-')),
          TRUSTED_PROXIES: 'loopback',
          GEOIP_ENABLED: variant.mode === 'off' ? 'false' : 'true',
        },
        undefined,
        variant.root,
      ),
    OPTIONS,
  );
  const after = await endOffsets(kafka, TOPICS.clicksRecorded.name);
  const rows = [...results];
  const reference = results.get(baselines.contenders[1].label);
  if (!reference) throw new Error('the reference was not measured');
  let passed = true;
  for (const { label, tag } of variants) {
    const result = results.get(label);
    if (!result) continue;
    const sizes = new EventSizes();
    // Every turn's ids start with `<tag>t`: the warm-up's (`<tag>w`) are not counted.
    const seen = await collectIds(kafka, TOPICS.clicksRecorded.name, before, after, `${tag}t`, (value) => {
      const id = (JSON.parse(value.toString('utf8')) as { data?: { externalId?: string | null } }).data
        ?.externalId;
      if (id?.startsWith(`${tag}t`)) sizes.add(value);
      return id ?? undefined;
    });
    const what = label.replace('click service, ', '');
    passed =
      reportAccounting(`end-to-end check, ${what}`, result, seen, TOPICS.clicksRecorded.name) && passed;
    console.log(sizes.line(`click events, ${what}`, 'redirect'));
  }
  printTable(rows, reference);
  if (!passed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
