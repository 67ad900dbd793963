/**
 * Report latency over the 15-minute rollups as clicks grow: seeds clicks (and 2% conversions) in
 * Postgres with generate_series, through the same statement triggers that keep the rollups for
 * the click writer and attribution, then times GET /api/reports in-process (app.inject, JSON) for
 * groupBy=campaign, campaign,country, var1 and country,device over the whole 30 days. Also times a
 * 200k-click insert with and without the rollup triggers (rolled back) to show what upkeep costs.
 *   npm run bench -- reports [--steps 1000000,10000000] [--repeat 5] [--keep]
 *                            [--groupings campaign,campaign+country,var1,country+device] [--schema kept]
 * Uses its own schema (dropped at the end unless --keep) in DATABASE_URL's database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createDataSource, runMigrations } from '@clickledger/persistence';
import { createHttpApp, type HttpServiceApp } from '@clickledger/platform-http';
import { reportRollupBackfill } from '../libs/persistence/src/migrations/1795469170000-report-rollups-quarter-hours-and-visitor-tuples';
import { apiServiceOptions } from '../services/api/src/api-service.options';
import { seedBenchCatalog } from './lib/bench-catalog';
import { integerOption, parseBenchArgs } from './lib/options';

const ARGS = parseBenchArgs(
  'npm run bench -- reports [--steps 1000000,10000000] [--repeat 5] [--keep] [--groupings campaign,campaign+country,var1,country+device] [--schema kept] [--bulk]',
  {
    steps: { type: 'string', default: '1000000,10000000' },
    repeat: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    groupings: { type: 'string', default: 'campaign,campaign+country,var1,country+device' },
    schema: { type: 'string', default: '' },
    bulk: { type: 'boolean', default: false },
  },
);
const STEPS = ARGS.steps.split(',').map((step) => integerOption(step, 'steps'));
const REPEAT = integerOption(ARGS.repeat, 'repeat');
const KEEP = ARGS.keep;
// --bulk: seed with the rollup triggers off, then fold each step's new rows into the rollups with
// the migration's own backfill (the same upserts): the same rollups, minutes sooner at 10M clicks.
const BULK = ARGS.bulk;
const CAMPAIGNS = 50;
const DAYS = 30;
const CHUNK = 250_000;
const START = '2026-06-01T00:00:00Z';
const END = new Date(Date.parse(START) + DAYS * 86_400_000).toISOString();
const COUNTRIES =
  'US GB DE FR IN BR CA AU ES IT MX ID PH NL PL TR JP KR VN TH SE NO DK FI BE AT CH PT IE NZ ZA AR CL CO PE EG NG KE SA AE'.split(
    ' ',
  );
const ANALYZED = [
  'clicks',
  'conversions',
  'report_catalog_keys',
  ...['click', 'conversion'].flatMap((facts) =>
    ['catalog', 'visitor', 'variable'].map((rollup) => `report_${facts}_${rollup}_rollup`),
  ),
];
// Device, OS and browser come together from the user agent: the common platforms, most used first.
const PLATFORMS = [
  'mobile/Android/Chrome',
  'mobile/iOS/Safari',
  'desktop/Windows/Chrome',
  'mobile/Android/Samsung',
  'desktop/Windows/Edge',
  'desktop/macOS/Safari',
  'desktop/macOS/Chrome',
  'mobile/iOS/Chrome',
  'tablet/iOS/Safari',
  'desktop/Windows/Firefox',
  'tablet/Android/Chrome',
  'mobile/Android/Opera',
  'desktop/Linux/Firefox',
  'desktop/ChromeOS/Chrome',
  'mobile/Android/UC',
  'desktop/Windows/Yandex',
];
const GROUPINGS = ARGS.groupings.split(',').map((grouping) => grouping.replaceAll('+', ','));

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Skewed picks (random()^k): a few campaigns, countries and zones get most clicks, as in real traffic.
const clickInsert = (from: number, to: number) => `
  INSERT INTO clicks (click_id, clicked_at, campaign_id, offer_id, affiliate_network_id, traffic_source_id,
                      cost, vars, device, os, browser, country, bot)
  SELECT lpad(g::text, 26, '0'), $1::timestamptz + random() * interval '${DAYS} days',
         ($2::uuid[])[c], ($3::uuid[])[c], $4::uuid, ($5::uuid[])[1 + c % 5], 0.002,
         jsonb_build_object('var1', 'zone-' || floor(random() ^ 2 * 5000)::int, 'var2', 'site-' || floor(random() * 200)::int),
         split_part(p, '/', 1), split_part(p, '/', 2), split_part(p, '/', 3),
         ($6::text[])[1 + floor(random() ^ 3 * ${COUNTRIES.length})::int], random() < 0.05
    FROM generate_series(${from}, ${to - 1}) AS g,
         LATERAL (SELECT 1 + floor(random() ^ 2 * ${CAMPAIGNS})::int + g * 0 AS c,
                         ($7::text[])[1 + floor(random() ^ 2 * ${PLATFORMS.length})::int + g * 0] AS p) AS pick`;

/** Times each grouping over the whole 30 days (run 0 warms the cache). */
async function timeReports(app: HttpServiceApp): Promise<void> {
  for (const groupBy of GROUPINGS) {
    const url = `/api/reports?from=${START}&to=${END}&groupBy=${groupBy}`;
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run <= REPEAT; run += 1) {
      const start = process.hrtime.bigint();
      const answer = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: 'Bearer bench-token-0001' },
      });
      const took = ms(start);
      if (answer.statusCode !== 200)
        throw new Error(`${url}: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
      rows = answer.json<{ rows: unknown[] }>().rows.length;
      if (run > 0) times.push(took); // run 0 warms the cache
    }
    console.log(
      `  groupBy=${groupBy.padEnd(17)} ${String(rows).padStart(6)} rows  median ${median(times).toFixed(0).padStart(6)} ms  max ${Math.max(
        ...times,
      )
        .toFixed(0)
        .padStart(6)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clickledger';
  // --schema NAME: time the reports over a schema kept by an earlier run (--keep), seed nothing.
  const existing = ARGS.schema;
  const schema = existing || `bench_reports_${Date.now().toString(36)}`;
  console.log(
    `reports bench: steps ${STEPS.join(', ')} clicks over ${DAYS} days, ${CAMPAIGNS} campaigns, schema ${schema}`,
  );
  await runMigrations({ url, schema });
  const db = await createDataSource({ url, schema, poolSize: 2 }).initialize();
  const app = await createHttpApp(
    apiServiceOptions({
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`,
        KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-reports-spool-')),
        API_TOKEN: 'bench-token-0001',
        LOG_LEVEL: 'warn',
      },
      logDestination: new Writable({
        write: (_chunk, _encoding, done) => {
          done();
        },
      }),
    }),
  );
  try {
    if (existing) {
      await timeReports(app);
      return;
    }
    const catalog = await seedBenchCatalog(db, CAMPAIGNS);
    await db.query(
      `INSERT INTO exchange_rates (day, currency, rate)
       SELECT d::date, 'EUR', 1.1 FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 day') d`,
      [START, END],
    );
    const params = [
      START,
      catalog.campaignIds,
      catalog.offerIds,
      catalog.networkId,
      catalog.sourceIds,
      COUNTRIES,
      PLATFORMS,
    ];

    let inserted = 0;
    const seeder = db.createQueryRunner();
    await seeder.connect();
    if (BULK) await seeder.query(`SET session_replication_role = replica`);
    for (const step of STEPS) {
      const seedStart = process.hrtime.bigint();
      for (let from = inserted; from < step; from += CHUNK) {
        const to = Math.min(step, from + CHUNK);
        await seeder.query(clickInsert(from, to), params);
        // 2% convert an hour later: 80% in USD, 20% in EUR; 85% approved.
        await seeder.query(
          `INSERT INTO conversions (click_id, event_type, txid, dedupe_key, status, payout_amount, payout_currency,
                                    converted_at, clicked_at, campaign_id, offer_id, affiliate_network_id,
                                    traffic_source_id, vars)
           SELECT click_id, CASE WHEN random() < 0.7 THEN 'sale' ELSE 'lead' END, click_id, click_id,
                  (CASE WHEN random() < 0.85 THEN 'approved' ELSE 'pending' END)::conversion_status,
                  round((1 + random() * 20)::numeric, 2), CASE WHEN random() < 0.8 THEN 'USD' ELSE 'EUR' END,
                  least(clicked_at + interval '1 hour', $2::timestamptz - interval '1 second'), clicked_at,
                  campaign_id, offer_id, affiliate_network_id, traffic_source_id, vars
             FROM clicks WHERE click_id >= lpad($1::text, 26, '0') AND click_id < lpad($3::text, 26, '0')
              AND random() < 0.02`,
          [from, END, to],
        );
        process.stdout.write(`  seeded ${to.toLocaleString('en')} clicks\r`);
      }
      let backfill = '';
      if (BULK) {
        const start = process.hrtime.bigint();
        const range = `x.click_id >= lpad('${String(inserted)}', 26, '0') AND x.click_id < lpad('${String(step)}', 26, '0')`;
        for (const statement of reportRollupBackfill(range)) await db.query(statement);
        backfill = `, rollups folded in afterwards in ${(ms(start) / 1000).toFixed(1)} s`;
      }
      const seedMs = ms(seedStart);
      const seeded = step - inserted;
      inserted = step;
      // This schema's tables only: a bare ANALYZE would read every schema in the database.
      for (const table of ANALYZED) await db.query(`ANALYZE ${table}`);
      const [sizes] = await db.query<Record<string, string>[]>(
        `SELECT (SELECT count(*) FROM report_click_catalog_rollup)::text AS catalog_rollup,
                (SELECT count(*) FROM report_click_visitor_rollup)::text AS visitor_rollup,
                (SELECT count(*) FROM report_click_variable_rollup WHERE variable = 1)::text AS var1_rollup,
                (SELECT count(*) FROM conversions)::text AS conversions`,
      );
      console.log(
        `\n${step.toLocaleString('en')} clicks (${sizes.conversions} conversions): seeded ${seeded.toLocaleString('en')} in ${(seedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(seeded / (seedMs / 1000)).toLocaleString('en')} clicks/s incl. rollups${backfill}); click rollup rows: catalog ${sizes.catalog_rollup}, ` +
          `visitor ${sizes.visitor_rollup}, var1 ${sizes.var1_rollup}`,
      );
      await timeReports(app);
    }

    if (BULK) await seeder.query(`RESET session_replication_role`); // the pool reuses this session
    await seeder.release();

    // Upkeep: the same 200k-click insert with and without the triggers, rolled back both times.
    for (const triggers of [false, true]) {
      const runner = db.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        if (!triggers) await runner.query(`SET LOCAL session_replication_role = replica`);
        const start = process.hrtime.bigint();
        await runner.query(clickInsert(100_000_000, 100_200_000), params);
        console.log(
          `200,000-click insert ${triggers ? 'with' : 'without'} rollup triggers: ${ms(start).toFixed(0)} ms`,
        );
        await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    }
  } finally {
    await app.close();
    if (!KEEP && !existing) await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
