/**
 * Attribution throughput and lag, end to end on Kafka, Redis and Postgres:
 * loads 1,000,000 clicks (Postgres + the Redis click cache), runs the attribution service
 * in-process with its own consumer groups and schema, produces postbacks to
 * `postbacks.received.v1`, and measures postbacks attributed per second and the lag from a
 * postback's receivedAt to its queryable conversion row.
 * With `--rate`, postbacks arrive at that steady rate instead of all at once, so the lag shows
 * attribution's own delay rather than a queue. The clicks are vacuumed and checkpointed before the
 * postbacks start, and the CPU every process spent from the first postback to the last conversion
 * is printed per postback (Postgres's backends, the broker, Redis, this process), read from /proc.
 * With `--backlog`, every postback is in Kafka before the service starts, and the figures run from
 * its start to the last conversion row: the attribution alone draining a queue, without the
 * producer (the ingress's stand-in) sharing the machine's two cores.
 * Before the measured window, the service attributes `--warm-up` postbacks on other clicks (20,000
 * by default): its code compiled, its Postgres sessions and plans made, as in a service that has been
 * running; `--warm-up 0` measures from a cold start.
 * With `--runs N`, N windows are measured one after another on other clicks of the same load (the
 * conversions of each stay for the next, as in a running service), each printed, then their median,
 * lowest and highest rates: on a shared box one window's figure is one draw, not the rate.
 * With `--cpu-profile <file>`, this process's CPU profile over the same window is written there;
 * with `--heap-profile <file>`, a sampling profile of what it allocates (freed objects included).
 *   npm run bench -- attribution [--clicks 1000000] [--postbacks 100000] [--warm-up 20000] [--rate 0]
 *     [--backlog] [--runs 1] [--cpu-profile <file>] [--heap-profile <file>]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TOPICS } from '@clickledger/contracts';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  ClickRepository,
  createDataSource,
  OfferRepository,
  runMigrations,
  TrafficSourceRepository,
  type NewClick,
} from '@clickledger/persistence';
import { createKafkaClient, parseBrokers, startGroupAtEnd } from '@clickledger/platform-kafka';
import { createHttpApp } from '@clickledger/platform-http';
import { closeRedisClient, createRedisClient, RedisCircuit, redisReady } from '@clickledger/platform-redis';
import { ClickIdCodec } from '@clickledger/tracking';
import { ClickCacheRepository } from '../services/attribution/src/clicks/click-cache.repository';
import { snapshotOfClick } from '../services/attribution/src/clicks/click-lookup.service';
import { ATTRIBUTION_SERVICE_OPTIONS } from '../services/attribution/src/attribution-service.options';
import { settingsFrom } from '../services/attribution/src/attribution-settings';
import { AttributionEnv } from '../services/attribution/src/attribution.env';
import { integerOption, numberOption, parseBenchArgs } from './lib/options';
import { cpuByCommand, cpuByThread, cpuPerUnit } from './lib/process-cpu';
import { startPostbackProducer } from './lib/postback-producer';
import { startCpuProfile, startHeapProfile } from './lib/cpu-profile';
import { median } from './lib/percentile';

const ARGS = parseBenchArgs(
  'npm run bench -- attribution [--clicks 1000000] [--postbacks 100000] [--warm-up 20000] [--rate 0] [--backlog] [--runs 1] [--cpu-profile <file>] [--heap-profile <file>]',
  {
    clicks: { type: 'string', default: '1000000' },
    postbacks: { type: 'string', default: '100000' },
    'warm-up': { type: 'string', default: '20000' },
    rate: { type: 'string', default: '0' },
    backlog: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    'cpu-profile': { type: 'string' },
    'heap-profile': { type: 'string' },
  },
);
const CLICKS = integerOption(ARGS.clicks, 'clicks');
const POSTBACKS = integerOption(ARGS.postbacks, 'postbacks');
const WARM_UP = integerOption(ARGS['warm-up'], 'warm-up', 0);
const RATE = numberOption(ARGS.rate, 'rate');
const BACKLOG = ARGS.backlog;
const RUNS = integerOption(ARGS.runs, 'runs');
if (ARGS['cpu-profile'] !== undefined && ARGS['heap-profile'] !== undefined) {
  console.error(
    '--cpu-profile and --heap-profile exclude each other: the heap sampler would weigh on the CPU profile',
  );
  process.exit(2);
}
if (RUNS > 1 && (ARGS['cpu-profile'] !== undefined || ARGS['heap-profile'] !== undefined)) {
  console.error('a profile covers one window: --cpu-profile and --heap-profile take --runs 1');
  process.exit(2);
}
if (POSTBACKS * RUNS + WARM_UP > CLICKS) {
  console.error(
    'each postback of every run and of the warm-up names its own click: --postbacks × --runs + --warm-up cannot exceed --clicks',
  );
  process.exit(2);
}
if (BACKLOG && RATE > 0) {
  console.error('--backlog and --rate exclude each other: a backlog is produced as fast as Kafka takes it');
  process.exit(2);
}
const INSERT_BATCH = 5000;
const PRODUCE_BATCH = 1000;

const VISITORS = [
  { country: 'US', device: 'mobile', os: 'iOS', browser: 'Mobile Safari' },
  { country: 'DE', device: 'desktop', os: 'Windows', browser: 'Chrome' },
  { country: 'BR', device: 'mobile', os: 'Android', browser: 'Chrome' },
  { country: 'IN', device: 'mobile', os: 'Android', browser: 'Chrome' },
  { country: 'FR', device: 'desktop', os: 'macOS', browser: 'Safari' },
] as const;

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The machine's CPU by process and this process's by thread, taken together at each end of a window. */
const cpuNow = () => ({ processes: cpuByCommand(), threads: cpuByThread() });

/** The variables among `names` set in this process's environment, to pass on to the service. */
const passedOn = (...names: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  );

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clickledger';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/2';
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const schema = `bench_attribution_${Date.now().toString(36)}`;
  const groupPrefix = `bench-attribution-${Date.now().toString(36)}`;
  const keyPrefix = `bench:${schema}:`;
  console.log(
    `attribution bench: ${String(CLICKS)} clicks, ${String(POSTBACKS)} postbacks, schema ${schema}`,
  );

  await runMigrations({ url: databaseUrl, schema });
  const db = await createDataSource({ url: databaseUrl, schema, poolSize: 4 }).initialize();
  /** Where the server's write-ahead log is, in bytes (the whole server's: nothing else writes during a run). */
  const walPosition = async (): Promise<bigint> => {
    const rows = await db.query<{ at: string }[]>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS at`,
    );
    return BigInt(rows[0]?.at ?? '0');
  };
  const redis = createRedisClient({ url: redisUrl, keyPrefix });
  await redisReady(redis);
  try {
    const network = await new AffiliateNetworkRepository(db).create({
      name: 'bench',
      template: 'custom',
      clickIdParam: 'sub1',
    });
    const offer = await new OfferRepository(db).create({
      name: 'bench',
      url: 'https://network.example/o?s={clickid}',
      affiliateNetworkId: network.id,
      payoutCurrency: 'USD',
      payoutAmount: '1.5',
    });
    const source = await new TrafficSourceRepository(db).create({ name: 'bench' });
    const campaign = await new CampaignRepository(db).create({
      name: 'bench',
      trafficSourceId: source.id,
      offers: [{ offerId: offer.id, weight: 1 }],
    });

    // 1. Clicks: spread over the last 6 hours, into Postgres and the Redis click cache.
    const codec = new ClickIdCodec(['bench-attribution-secret-00001']);
    const cache = new ClickCacheRepository(redis, new RedisCircuit(), settingsFrom(new AttributionEnv()));
    const clickRepository = new ClickRepository(db);
    const clickIds: string[] = [];
    const loadStart = Date.now();
    for (let done = 0; done < CLICKS; done += INSERT_BATCH) {
      const batch: NewClick[] = [];
      for (let i = done; i < Math.min(CLICKS, done + INSERT_BATCH); i++) {
        const clickedAt = new Date(loadStart - 6 * 3_600_000 + Math.floor((i / CLICKS) * 6 * 3_600_000));
        const clickId = codec.generate(clickedAt.getTime());
        clickIds.push(clickId);
        batch.push({
          clickId,
          clickedAt,
          campaignId: campaign.id,
          offerId: offer.id,
          affiliateNetworkId: network.id,
          trafficSourceId: source.id,
          vars: { var1: 'zone' },
          ip: '198.51.100.1',
          // A few visitor tuples, as real traffic has: the conversions' rollups group by them.
          ...VISITORS[i % VISITORS.length],
        });
      }
      await Promise.all([clickRepository.insertMany(batch), cache.putMany(batch.map(snapshotOfClick))]);
    }
    const loadMs = Date.now() - loadStart;
    console.log(
      `clicks loaded: ${String(CLICKS)} in ${seconds(loadMs)} s (${String(Math.round(CLICKS / (loadMs / 1000)))}/s)`,
    );
    // Settle the bulk load before measuring: otherwise autovacuum, the checkpoint of the load's WAL
    // and the first readers' hint-bit writes land in the measured window, one run more than another
    // (clicks that arrive over hours, as in production, are vacuumed and checkpointed as they go).
    await db.query(`VACUUM (ANALYZE) clicks`);
    await db.query('CHECKPOINT');
    // The clicks the postbacks will name; the rest of the list is let go: the service runs in this
    // process, and a million strings it would never hold itself would slow its every major GC.
    // 7919 is prime to any count of clicks that is a power of ten: the two lists share no click.
    const clickOf = (i: number) => clickIds[(i * 7919) % CLICKS] ?? '';
    const runClickIds = Array.from({ length: RUNS }, (_, run) =>
      Array.from({ length: POSTBACKS }, (_, i) => clickOf(run * POSTBACKS + i)),
    );
    const warmUpClickIds = Array.from({ length: WARM_UP }, (_, i) => clickOf(RUNS * POSTBACKS + i));
    clickIds.length = 0;

    // 2. The service, its consumer groups starting at the topics' current end.
    const kafka = createKafkaClient({ brokers, clientId: 'bench-attribution' });
    for (const [suffix, topic] of [
      ['clicks', TOPICS.clicksRecorded.name],
      ['postbacks', TOPICS.postbacksReceived.name],
      ['postbacks-rejected', TOPICS.postbacksRejected.name],
    ] as const) {
      await startGroupAtEnd(kafka, `${groupPrefix}.${suffix}`, [topic]);
    }
    // 3. Postbacks, as fast as one producer sends them (in a worker thread, as the ingress is
    //    another process), each stamped with its send time; with --backlog all of them before the
    //    service starts.
    const startService = () =>
      createHttpApp({
        ...ATTRIBUTION_SERVICE_OPTIONS,
        env: {
          KAFKA_BROKERS: brokers.join(','),
          DATABASE_URL: databaseUrl,
          DATABASE_SCHEMA: schema,
          REDIS_URL: redisUrl,
          REDIS_KEY_PREFIX: keyPrefix,
          ATTRIBUTION_CONSUMER_GROUP: groupPrefix,
          // The service's defaults (two members of each group, three partitions at once each: all
          // six), unless set here to compare (`ATTRIBUTION_GATHER_UP_TO=0`: each partition's batch
          // alone; `ATTRIBUTION_CONSUMER_MEMBERS=1 ATTRIBUTION_PARTITIONS_CONCURRENCY=6`: one member;
          // `ATTRIBUTION_LARGE_BATCHES_AT_ONCE=3`: each member's three partitions written side by side).
          ...passedOn(
            'ATTRIBUTION_GATHER_UP_TO',
            'ATTRIBUTION_LARGE_BATCHES_AT_ONCE',
            'ATTRIBUTION_CONSUMER_MEMBERS',
            'ATTRIBUTION_PARTITIONS_CONCURRENCY',
            'ATTRIBUTION_FETCH_BYTES_PER_PARTITION',
          ),
          KAFKA_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'bench-attribution-spool-')),
          LOG_LEVEL: 'error',
        },
        logDestination: new Writable({
          write: (_chunk, _encoding, done) => {
            done();
          },
        }),
      });
    const producer = await startPostbackProducer(brokers);
    const conversionCount = async (): Promise<number> => {
      const rows = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM conversions`);
      return rows[0]?.n ?? 0;
    };
    /** Waits until `count` conversions are stored; false if 15 minutes pass first. */
    const conversionsStored = async (count: number): Promise<boolean> => {
      const deadline = Date.now() + 15 * 60_000;
      // Counting is a scan of the table: once a second keeps it out of the figures (the span runs
      // to the last row's created_at, not to this loop's exit).
      while ((await conversionCount()) < count) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      return true;
    };
    let app: Awaited<ReturnType<typeof startService>> | undefined = await startService();
    // Warm-up: the service and the producer run the same code on other clicks before the window.
    // Its conversions are told apart by their transaction ids (`W…`; the measured ones are `T…`).
    if (WARM_UP > 0) {
      await producer.produce({
        clickIds: warmUpClickIds,
        batchSize: PRODUCE_BATCH,
        rate: 0,
        txidPrefix: 'W',
      });
      if (!(await conversionsStored(WARM_UP)))
        throw new Error('the warm-up postbacks were not all attributed');
      console.log(`warm-up: ${String(WARM_UP)} postbacks attributed before the measured window`);
    }
    // The profile, like the CPU figures, covers the measured window.
    const profileWindow = async () => {
      const cpuPath = ARGS['cpu-profile'];
      const heapPath = ARGS['heap-profile'];
      if (cpuPath !== undefined) return startCpuProfile(cpuPath);
      return heapPath === undefined ? undefined : startHeapProfile(heapPath);
    };
    /** One measured window: its postbacks produced, all attributed, its figures printed; its rate. */
    const measureWindow = async (run: number): Promise<number> => {
      // Transaction ids tell the windows' conversions apart (`T…`, or `T<run>.…` with --runs).
      const txidPrefix = RUNS === 1 ? 'T' : `T${String(run)}.`;
      const storedBefore = WARM_UP + POSTBACKS * (run - 1);
      if (BACKLOG && app) {
        // The backlog queues with the service stopped; it restarts in the window with its code compiled.
        await app.close();
        app = undefined;
      }
      let profile = BACKLOG ? undefined : await profileWindow();
      const produceCpu = cpuNow();
      const production = await producer.produce({
        clickIds: runClickIds[run - 1] ?? [],
        // At a set rate, small batches every 25 ms: arrival close to steady.
        batchSize: RATE > 0 ? Math.max(1, Math.round(RATE / 40)) : PRODUCE_BATCH,
        rate: RATE,
        txidPrefix,
      });
      console.log(
        `postbacks produced: ${String(POSTBACKS)} in ${seconds(production.durationMs)} s` +
          (RATE > 0 ? ` (at a set ${String(RATE)}/s)` : ' (as fast as Kafka acknowledges)'),
      );
      // With --backlog, the window opens as the service starts: its boot is in the CPU figures.
      const cpuBefore = BACKLOG ? cpuNow() : produceCpu;
      const walBefore = await walPosition();
      if (BACKLOG) profile = await profileWindow();
      app ??= await startService();
      await conversionsStored(storedBefore + POSTBACKS);
      const attributed = (await conversionCount()) - storedBefore;
      const cpuAfter = cpuNow();
      const walBytes = Number((await walPosition()) - walBefore);
      await profile?.stop();
      const statsRows = await db.query<
        { first: Date; last: Date; p50: string | number; p99: string | number; max: string | number }[]
      >(
        `SELECT min(created_at) AS first, max(created_at) AS last,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - converted_at)) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - converted_at)) AS p99,
                max(extract(epoch FROM created_at - converted_at)) AS max
         FROM conversions WHERE starts_with(txid, $1)`,
        [txidPrefix],
      );
      const stats = statsRows.at(0);
      if (!stats) throw new Error('no conversions');
      // A backlog drains from the first conversion row on (the service's boot is not attribution).
      const [from, window] = BACKLOG
        ? [stats.first.getTime(), 'first → last conversion row, the postbacks queued in Kafka before']
        : [production.startedAt, 'first produce → last conversion row'];
      const spanMs = stats.last.getTime() - from;
      const rate = Math.round(attributed / (spanMs / 1000));
      console.log(
        [
          `attributed: ${String(attributed)} / ${String(POSTBACKS)}`,
          `throughput: ${String(rate)} postbacks/s ${BACKLOG ? 'draining a backlog' : 'end to end'} (${window}, ${seconds(spanMs)} s)`,
          // `this process`: the attribution service, the producer (the ingress's stand-in) and this loop.
          `CPU µs per postback, by process, ${BACKLOG ? 'service start' : 'first produce'} → all attributed: ${cpuPerUnit(cpuBefore.processes, cpuAfter.processes, POSTBACKS)}`,
          // The main thread runs the service; the sender is the ingress's stand-in; V8's helpers
          // are mostly the garbage collector's parallel scavenges and concurrent marking.
          `  this process by thread: ${cpuPerUnit(cpuBefore.threads, cpuAfter.threads, POSTBACKS)}`,
          // Every byte is written and flushed before a batch's offsets are committed (full pages included).
          `Postgres WAL per postback: ${String(Math.round(walBytes / POSTBACKS))} bytes`,
          `lag receivedAt → conversion row: p50 ${Number(stats.p50).toFixed(2)} s, p99 ${Number(stats.p99).toFixed(2)} s, max ${Number(stats.max).toFixed(2)} s`,
          RATE > 0
            ? "(steady arrival: the lag is attribution's own delay: fetch wait, batch, transaction, publish)"
            : BACKLOG
              ? '(a backlog: the lag includes the wait for the service to start)'
              : '(postbacks are produced faster than they are attributed, so the lag includes the queue they wait in)',
        ].join('\n'),
      );
      return rate;
    };
    const rates: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      if (RUNS > 1) console.log(`-- window ${String(run)} of ${String(RUNS)}`);
      rates.push(await measureWindow(run));
    }
    await app.close();
    await producer.close();
    if (RUNS > 1) {
      console.log(
        `throughput over ${String(RUNS)} windows: median ${String(Math.round(median(rates)))} postbacks/s, ` +
          `lowest ${String(Math.min(...rates))}, highest ${String(Math.max(...rates))} (in order: ${rates.join(', ')})`,
      );
    }
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.destroy();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys.map((key) => key.slice(keyPrefix.length)));
    } while (cursor !== '0');
    await closeRedisClient(redis);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
