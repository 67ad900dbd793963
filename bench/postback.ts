/**
 * Postback ingress throughput and latency against a bare Node http server in the same run,
 * then a check that the events in Kafka equal the 200s.
 *   npm run bench -- postback [--seconds 10] [--concurrency 64]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@clickledger/contracts';
import { createKafkaClient, parseBrokers } from '@clickledger/platform-kafka';
import { ClickIdCodec } from '@clickledger/tracking';
import { formatRow, warmedLoad } from './lib/load';
import { countIds, endOffsets } from './lib/kafka-count';
import { measureBareServer, startService } from './lib/processes';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const SECONDS = Number(args.get('--seconds') ?? 10);
const CONCURRENCY = Number(args.get('--concurrency') ?? 64);
const SECRET = 'bench-postback-secret-000000001';

async function main(): Promise<void> {
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-postback' });
  const codec = new ClickIdCodec([SECRET]);
  const clickIds = Array.from({ length: 20_000 }, () => codec.generate());
  const path = (n: number): string =>
    `/postback?cid=${clickIds[n % clickIds.length] ?? ''}&payout=1.25&txid=bench-${String(n)}`;
  console.log(
    `postback bench: ${String(SECONDS)} s per target, ${String(CONCURRENCY)} connections, Kafka ${brokers.join(',')}`,
  );

  const baseline = await measureBareServer('json', (port) =>
    warmedLoad({ port, path, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }),
  );

  const ingress = await startService('postback-ingress', {
    KAFKA_BROKERS: brokers.join(','),
    CLICK_ID_SECRETS: SECRET,
    KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-postback-spool-')),
  });
  const before = await endOffsets(kafka, TOPICS.postbacksReceived.name);
  const accepted = new Set<string>();
  const result = await warmedLoad({
    port: ingress.port,
    path,
    concurrency: CONCURRENCY,
    durationMs: SECONDS * 1000,
    onAnswer: (status, body) => {
      if (status === 200) accepted.add((JSON.parse(body) as { id: string }).id);
    },
  });
  await ingress.stop();

  const verified = await countIds(kafka, TOPICS.postbacksReceived.name, before, accepted, (value) => {
    return (JSON.parse(value.toString('utf8')) as { id?: string }).id;
  });

  console.log(formatRow('bare node http (200 JSON)', baseline));
  console.log(formatRow('postback-ingress', result));
  console.log(`throughput vs bare: ${((100 * result.perSecond) / baseline.perSecond).toFixed(1)}%`);
  console.log(
    `end-to-end check: ${String(accepted.size)} answered 200, ${String(verified.found)} found in ${TOPICS.postbacksReceived.name}, ` +
      `${String(accepted.size - verified.found)} missing, ${String(verified.duplicates)} duplicated`,
  );
  if (verified.found !== accepted.size) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
