/**
 * What kafkajs spends encoding and framing a produce request (the bytes its connection writes),
 * with its own encoders and checksum ("stock") and with the platform's replacements
 * (libs/platform/kafka: produce-encoding.ts, record-encoding.ts, native-crc32c.ts, loaded by
 * createKafkaClient's module). Each variant runs in a child process of
 * its own (the replacements are process-wide), in alternating rounds; no broker is needed.
 *   npm run bench -- kafka-encoding [--records 1700] [--rounds 3]
 */
import { spawnSync } from 'node:child_process';
import { integerOption, parseBenchArgs } from './lib/options';

const ARGS = parseBenchArgs('npm run bench -- kafka-encoding [--records 1700] [--rounds 3]', {
  records: { type: 'string', default: '1700' },
  rounds: { type: 'string', default: '3' },
  variant: { type: 'string' },
});
const RECORDS = integerOption(ARGS.records, 'records');
const ROUNDS = integerOption(ARGS.rounds, 'rounds');

type Variant = 'stock' | 'platform';

interface ProduceRequest {
  encode(): Promise<{ buffer: Buffer }>;
}

type FrameRequest = (args: {
  correlationId: number;
  clientId: string;
  request: ProduceRequest;
}) => Promise<{ buffer: Buffer }>;

/** µs per record to encode one produce request of RECORDS conversion-event-sized records. */
async function measure(variant: Variant): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- installs the replacements first
  if (variant === 'platform') require('@clickledger/platform-kafka');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal request encoder
  const produceRequest = require('kafkajs/src/protocol/requests/produce/v3/request') as (
    args: object,
  ) => ProduceRequest;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal request framing
  const frameRequest = require('kafkajs/src/protocol/request') as FrameRequest;
  // The size and headers of a conversion event as attribution publishes it.
  const value = JSON.stringify({
    type: 'conversion.attributed',
    id: 'x'.repeat(36),
    data: { pad: 'p'.repeat(560) },
  });
  const messages = Array.from({ length: RECORDS }, (_, i) => ({
    key: `01JD${String(i).padStart(22, '0')}`,
    value,
    headers: { 'x-correlation-id': 'c'.repeat(36), 'content-type': 'application/json' },
    timestamp: String(Date.now()),
  }));
  const request = produceRequest({
    acks: -1,
    timeout: 30_000,
    topicData: [
      { topic: 'conversions.attributed.v1', partitions: [{ partition: 0, firstSequence: 0, messages }] },
    ],
  });
  const framed = (correlationId: number) => frameRequest({ correlationId, clientId: 'attribution', request });
  for (let i = 0; i < 20; i++) await framed(i); // warm-up
  const times = 100;
  const started = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await framed(i);
  return Number(process.hrtime.bigint() - started) / 1000 / times / RECORDS;
}

async function main(): Promise<void> {
  if (ARGS.variant === 'stock' || ARGS.variant === 'platform') {
    console.log((await measure(ARGS.variant)).toFixed(3));
    return;
  }
  console.log(
    `kafka-encoding bench: one produce request of ${String(RECORDS)} records, ${String(ROUNDS)} rounds`,
  );
  const results: Record<Variant, number[]> = { stock: [], platform: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of round % 2 === 0
      ? (['stock', 'platform'] as const)
      : (['platform', 'stock'] as const)) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, '--records', String(RECORDS), '--variant', variant],
        {
          encoding: 'utf8',
        },
      );
      if (child.status !== 0) throw new Error(`${variant} run failed: ${child.stderr}`);
      results[variant].push(Number(child.stdout.trim()));
    }
  }
  for (const variant of ['stock', 'platform'] as const)
    console.log(
      `${variant.padEnd(9)} µs per record: ${results[variant].map((us) => us.toFixed(2)).join(', ')}`,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
