/**
 * What the report rollups cost the write path: attribution-sized INSERT statements (`--batch`
 * clicks each, live traffic: the last few minutes, 50 campaigns, 40 countries, three variables
 * set) and their conversions, with the rollup triggers and without them
 * (`session_replication_role = replica` skips triggers), each run rolled back. Besides wall time it
 * prints the CPU time the Postgres backend spent (from /proc, when Postgres runs on this machine):
 * on a shared, loaded machine that is the figure to compare.
 *   npm run bench -- rollup-upkeep [--batches 100] [--batch 1000] [--repeat 3]
 * Uses its own schema (dropped at the end) in DATABASE_URL's database.
 */
import { readFileSync } from 'node:fs';
import { createDataSource, runMigrations } from '@clickledger/persistence';
import { seedBenchCatalog } from './lib/bench-catalog';
import { integerOption, parseBenchArgs } from './lib/options';

const ARGS = parseBenchArgs('npm run bench -- rollup-upkeep [--batches 100] [--batch 1000] [--repeat 3]', {
  batches: { type: 'string', default: '100' },
  batch: { type: 'string', default: '1000' },
  repeat: { type: 'string', default: '3' },
});
const BATCHES = integerOption(ARGS.batches, 'batches');
const BATCH = integerOption(ARGS.batch, 'batch');
const REPEAT = integerOption(ARGS.repeat, 'repeat');
const CAMPAIGNS = 50;
const COUNTRIES = 'US GB DE FR IN BR CA AU ES IT MX ID PH NL PL TR JP KR VN TH'.split(' ');

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** CPU milliseconds (user + system) process `pid` has used, or NaN when /proc cannot tell. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// One attribution-sized statement: clicks of the last 10 minutes (skewed picks, as in bench/reports).
const clickInsert = (from: number, to: number) => `
  INSERT INTO clicks (click_id, clicked_at, campaign_id, offer_id, affiliate_network_id, traffic_source_id,
                      cost, vars, device, os, browser, country, bot)
  SELECT lpad(g::text, 26, '0'), now() - random() * interval '10 minutes',
         ($1::uuid[])[c], ($2::uuid[])[c], $3::uuid, ($4::uuid[])[1 + c % 5], 0.002,
         jsonb_build_object('var1', 'zone-' || floor(random() ^ 2 * 5000)::int, 'var2', 'site-' || floor(random() * 200)::int,
                            'var3', 'ad-' || floor(random() * 20)::int),
         (ARRAY['desktop', 'mobile', 'tablet'])[1 + floor(random() ^ 2 * 3)::int],
         (ARRAY['Windows', 'Android', 'iOS', 'macOS', 'Linux', 'ChromeOS'])[1 + floor(random() ^ 2 * 6)::int],
         (ARRAY['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung', 'Opera', 'UC', 'Yandex'])[1 + floor(random() ^ 2 * 8)::int],
         ($5::text[])[1 + floor(random() ^ 3 * ${COUNTRIES.length})::int], random() < 0.05
    FROM generate_series(${from}, ${to - 1}) AS g, LATERAL (SELECT 1 + floor(random() ^ 2 * ${CAMPAIGNS})::int + g * 0 AS c) AS pick
  ON CONFLICT DO NOTHING`;

// Conversions of the batch's clicks (one in ten), as attribution writes them.
const conversionInsert = (from: number, to: number) => `
  INSERT INTO conversions (click_id, event_type, txid, dedupe_key, status, payout_amount, payout_currency,
                           converted_at, clicked_at, campaign_id, offer_id, affiliate_network_id,
                           traffic_source_id, vars)
  SELECT click_id, 'sale', click_id, click_id, 'approved', 2.5, 'USD', clicked_at + interval '1 minute', clicked_at,
         campaign_id, offer_id, affiliate_network_id, traffic_source_id, vars
    FROM clicks WHERE click_id >= lpad('${from}', 26, '0') AND click_id < lpad('${to}', 26, '0')
     AND right(click_id, 1) = '7'
  ON CONFLICT DO NOTHING`;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clickledger';
  const schema = `bench_upkeep_${Date.now().toString(36)}`;
  await runMigrations({ url, schema });
  const db = await createDataSource({ url, schema, poolSize: 1 }).initialize();
  try {
    const catalog = await seedBenchCatalog(db, CAMPAIGNS);
    const params = [catalog.campaignIds, catalog.offerIds, catalog.networkId, catalog.sourceIds, COUNTRIES];
    console.log(
      `rollup upkeep: ${BATCHES} statements of ${BATCH.toLocaleString('en')} clicks (+10% conversions), median of ${REPEAT}`,
    );
    const results: Record<string, { clicks: number[]; conversions: number[]; cpu: number[] }> = {};
    for (let run = 0; run < REPEAT; run += 1)
      for (const triggers of [false, true]) {
        const runner = db.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
          if (!triggers) await runner.query(`SET LOCAL session_replication_role = replica`);
          const [{ pid }] = (await runner.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
          const cpuBefore = cpuMs(pid);
          let clickMs = 0;
          let conversionMs = 0;
          for (let batch = 0; batch < BATCHES; batch += 1) {
            const from = batch * BATCH;
            let start = process.hrtime.bigint();
            await runner.query(clickInsert(from, from + BATCH), params);
            clickMs += ms(start);
            start = process.hrtime.bigint();
            await runner.query(conversionInsert(from, from + BATCH));
            conversionMs += ms(start);
          }
          const key = triggers ? 'with triggers' : 'without';
          results[key] ??= { clicks: [], conversions: [], cpu: [] };
          results[key].clicks.push(clickMs);
          results[key].conversions.push(conversionMs);
          results[key].cpu.push(cpuMs(pid) - cpuBefore);
        } finally {
          await runner.rollbackTransaction();
          await runner.release();
        }
      }
    const clicks = BATCHES * BATCH;
    for (const [key, { clicks: clickRuns, conversions, cpu }] of Object.entries(results)) {
      const clickMs = median(clickRuns);
      console.log(
        `  ${key.padEnd(14)} clicks ${Math.round(clicks / (clickMs / 1000))
          .toLocaleString('en')
          .padStart(8)}/s (${clickMs.toFixed(0)} ms)  conversions ${Math.round(
          clicks / 10 / (median(conversions) / 1000),
        )
          .toLocaleString('en')
          .padStart(7)}/s (${median(conversions).toFixed(0)} ms)  Postgres CPU ${median(cpu).toFixed(0)} ms`,
      );
    }
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
