/**
 * Postback ingress throughput and latency, loaded by wrk from its own process, in one run against
 * two baselines: a bare `node:http` server answering the same 200 JSON and the reference server
 * that answers only after kafkajs acknowledged the event (bench/reference-server.ts); then a check
 * that the events in Kafka match wrk's 2xx answers, by each postback's unique txid.
 * Every postback carries a fresh signed click ID, generated beforehand into a file the wrk script
 * reads (bench/wrk/requests.lua). `--against <checkout>` also measures that checkout's build of the
 * ingress, in the same turns (build it there first).
 *   npm run bench -- postback [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--against DIR] [--verbose]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@clickledger/contracts';
import { createKafkaClient, parseBrokers } from '@clickledger/platform-kafka';
import { ClickIdCodec } from '@clickledger/tracking';
import { startBaselines } from './lib/baselines';
import { buildsToCompare, measureBuildsInTurns } from './lib/builds';
import { collectIds, endOffsets } from './lib/kafka-count';
import { EventSizes } from './lib/reference-event';
import { startService } from './lib/processes';
import { parseWrkOptions, printTable, reportAccounting, requireWrk } from './lib/wrk';

const OPTIONS = parseWrkOptions(
  'npm run bench -- postback [--seconds 10] [--rounds 5] [--warm-up 5] [--connections 64] [--threads 1] [--against DIR] [--verbose]',
  { against: '' },
);
const BUILDS = buildsToCompare(OPTIONS.values.against, 'postback-ingress');
const SECRET = 'bench-postback-secret-000000001';
/** Prefix of this run's request ids (the postbacks' txid). */
const RUN = `p${Date.now().toString(36)}`;
/** Enough click IDs for one per request at up to 60,000 req/s; beyond that they are reused. */
const CLICK_IDS = Math.min(2_000_000, (OPTIONS.seconds + 1) * 60_000);

async function main(): Promise<void> {
  requireWrk();
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-postback' });
  const codec = new ClickIdCodec([SECRET]);
  const file = join(mkdtempSync(join(tmpdir(), 'bench-postback-')), 'click-ids.txt');
  writeFileSync(file, Array.from({ length: CLICK_IDS }, () => codec.generate()).join('\n') + '\n');
  console.log(
    `postback bench: wrk -t${String(OPTIONS.threads)} -c${String(OPTIONS.connections)}, ${String(OPTIONS.seconds)} s per target ` +
      `in ${String(OPTIONS.rounds)} turns (after ${String(OPTIONS.warmUpSeconds)} s of warm-up each), ${String(CLICK_IDS)} signed click IDs, Kafka ${brokers.join(',')}`,
  );
  const target = { mode: 'postback', tag: RUN, arg: file } as const;
  const baselines = await startBaselines(kafka, brokers, 'json', target);
  const variants = BUILDS.map((build) => ({
    ...build,
    label: `postback-ingress${build.label}`,
    tag: `${RUN}i${build.tag}`,
  }));
  const before = await endOffsets(kafka, TOPICS.postbacksReceived.name);
  const results = await measureBuildsInTurns(
    baselines,
    target,
    variants,
    (variant) =>
      startService(
        'postback-ingress',
        {
          KAFKA_BROKERS: brokers.join(','),
          CLICK_ID_SECRETS: SECRET,
          KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-postback-spool-')),
        },
        undefined,
        variant.root,
      ),
    OPTIONS,
  );
  const after = await endOffsets(kafka, TOPICS.postbacksReceived.name);
  const reference = results.get(baselines.contenders[1].label);
  if (!reference) throw new Error('the reference was not measured');
  let passed = true;
  for (const { label, tag } of variants) {
    const result = results.get(label);
    if (!result) continue;
    // Every turn's ids start with `<tag>t`: the warm-up's (`<tag>w`) are not counted.
    const sizes = new EventSizes();
    const seen = await collectIds(kafka, TOPICS.postbacksReceived.name, before, after, `${tag}t`, (value) => {
      const txid = (JSON.parse(value.toString('utf8')) as { data?: { txid?: string | null } }).data?.txid;
      if (txid?.startsWith(`${tag}t`)) sizes.add(value);
      return txid ?? undefined;
    });
    const check = label === 'postback-ingress' ? 'end-to-end check' : `end-to-end check, ${label}`;
    passed = reportAccounting(check, result, seen, TOPICS.postbacksReceived.name) && passed;
    console.log(sizes.line(`accepted postback events${label.replace('postback-ingress', '')}`, 'json'));
  }
  printTable([...results], reference);
  if (!passed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
