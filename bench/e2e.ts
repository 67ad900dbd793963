/**
 * Load-and-fault harness: drives clicks and postbacks through the four real services while it
 * SIGKILLs and restarts each service, restarts Kafka, crashes and restarts Postgres and hangs
 * Redis (SIGSTOP) for 10 s; then accounts for every postback: each 200/400 answer has its
 * postback-log entry, each valid postback answered 200 is exactly one conversion (0 lost, 0
 * double-counted), each 302 a stored click, each conversion revision an event. `--fuzz` sends
 * fuzzed postbacks (bench/lib/fuzz-postbacks.ts) with the same accounting.
 *
 * Everything it runs is its own, on throwaway ports: a Kafka broker (default port 19892, wiped at
 * start), a Postgres cluster (initdb under .run/bench-e2e/<run>/pg) and a redis-server. Loopback only.
 *
 *   npm run bench -- e2e [--duration 60s] [--rate 100 | --target 1000000] [--fuzz] [--seed N]
 *     [--concurrency 128] [--cycles 1] [--redis-hang 10s] [--kafka-port 19892] [--drain-timeout 10m] [--keep]
 *
 * --rate: visits per second (each a click and a postback, every 10th postback sent twice);
 * --target: postbacks to send over the duration (sets the rate; reached if the machine keeps up).
 * --cycles: how many times the fault sequence runs, spread evenly over the duration.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { ALL_TOPIC_DEFINITIONS } from '@clickledger/contracts';
import { runMigrations } from '@clickledger/persistence';
import { createKafkaClient, ensureTopics } from '@clickledger/platform-kafka';
import { LocalRedis } from '@clickledger/testing';
import {
  ACCEPTED,
  account,
  conversionsDuring,
  type Accounting,
  CLICKED,
  CUT_OFF,
  JUNK_SENT,
  REFUSED,
  Ledger,
  VALID_SENT,
} from './lib/e2e-ledger';
import {
  CONCURRENCY,
  CYCLES,
  DRAIN_TIMEOUT_MS,
  FUZZ,
  KAFKA_PORT,
  KEEP,
  RATE,
  REDIS_HANG_MS,
  SEED,
  SPAN_MS,
  TARGET,
} from './lib/e2e-options';
import { readConversionEvents } from './lib/e2e-events';
import { createCampaign } from './lib/catalog';
import { fuzzPostback, type FuzzRequest } from './lib/fuzz-postbacks';
import { exchange, postbackIdOf, reasonOf } from './lib/http-exchange';
import { freePort, ROOT, startService, type RunningProcess } from './lib/processes';
import { ThrowawayPostgres } from './lib/throwaway-postgres';

const TOKEN = 'bench-e2e-token';
const SECRET = 'bench-e2e-click-id-secret-0001';

type ServiceName = 'api' | 'click' | 'postback-ingress' | 'attribution';

/**
 * What the harness started outside its own process tree (pg_ctl daemonizes Postgres, kafka.sh the
 * broker) or that must not outlive it: torn down on exit, on Ctrl-C and on SIGTERM. Services are
 * SIGKILLed by bench/lib/processes on exit.
 */
const teardown: (() => void)[] = [];
const tearDown = (): void => {
  for (const step of teardown.splice(0).reverse()) {
    try {
      step();
    } catch {
      // best effort: the other steps still run
    }
  }
};
process.on('exit', tearDown);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.exit(130);
  });
}

const log = (line: string): void => {
  console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function kafkaScript(command: string): void {
  const result = spawnSync('bash', [join(ROOT, 'infra/kafka/kafka.sh'), command], {
    encoding: 'utf8',
    env: { ...process.env, KAFKA_PORT: String(KAFKA_PORT), KAFKA_CONTROLLER_PORT: String(KAFKA_PORT + 1) },
  });
  if (result.status !== 0) throw new Error(`kafka.sh ${command}: ${result.stderr}`);
}

async function main(): Promise<void> {
  const run = `e2e${Date.now().toString(36)}`;
  const runDir = join(ROOT, '.run/bench-e2e', run);
  const schema = 'bench';
  log(
    `${FUZZ ? `fuzz (seed ${String(SEED)})` : 'load'}: ${RATE.toFixed(0)} visits/s for ${String(SPAN_MS / 1000)} s` +
      `${TARGET ? ` (target ${String(TARGET)} postbacks)` : ''}, concurrency ${String(CONCURRENCY)}, run ${run}`,
  );

  // Infrastructure of its own.
  kafkaScript('reset');
  if (!KEEP)
    teardown.push(() => {
      kafkaScript('stop');
    });
  kafkaScript('start');
  const brokers = [`127.0.0.1:${String(KAFKA_PORT)}`];
  await ensureTopics(createKafkaClient({ brokers, clientId: 'bench-e2e-setup' }), ALL_TOPIC_DEFINITIONS);
  const pg = new ThrowawayPostgres(join(runDir, 'pg'), await freePort());
  if (!KEEP)
    teardown.push(() => {
      pg.destroy();
      rmSync(runDir, { recursive: true, force: true });
    });
  pg.init();
  await runMigrations({ url: pg.url, schema });
  const redis = new LocalRedis(await freePort());
  teardown.push(() => {
    const pid = redis.pid;
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
  });
  await redis.start();
  log(
    `own Kafka ${brokers[0] ?? ''}, Postgres :${String(pg.port)} (${pg.dataDir}), Redis :${String(redis.port)}`,
  );

  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: pg.url,
    DATABASE_SCHEMA: schema,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: `${run}:`,
    CLICK_ID_SECRETS: SECRET,
    API_TOKEN: TOKEN,
    ATTRIBUTION_CONSUMER_GROUP: `bench-${run}`,
    ATTRIBUTION_PENDING_SCAN_INTERVAL: '500ms',
  };
  const services = new Map<ServiceName, RunningProcess>();
  const ports = new Map<ServiceName, number>();
  // A supervisor's restart: a service that cannot start yet (a dependency restarting) is started again.
  const start = async (name: ServiceName): Promise<void> => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      try {
        const spool = { KAFKA_SPOOL_DIR: join(runDir, 'spool', name) };
        const service = await startService(name, { ...env, ...spool }, ports.get(name));
        services.set(name, service);
        ports.set(name, service.port);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        log(
          `${name} did not start (${error instanceof Error ? error.message : String(error)}); starting it again`,
        );
      }
    }
  };
  for (const name of ['api', 'click', 'postback-ingress', 'attribution'] as const) await start(name);
  const port = (name: ServiceName): number => ports.get(name) ?? 0;

  const campaign = await createCampaign(port('api'), TOKEN);
  const clickAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const postbackAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  for (;;) {
    const answer = await exchange(clickAgent, port('click'), 'GET', `/c/${campaign.key}`).catch(() => null);
    if (answer?.status === 302) break;
    await sleep(100);
  }

  // Load: each visit is a click, then the network's postback (every 10th sent twice, as networks do).
  const started = Date.now();
  const ledger = new Ledger(started);
  const counts = {
    visits: 0,
    clickErrors: 0,
    postbacks: 0,
    resent: 0,
    postbackErrors: 0,
    answersWithoutId: 0,
  };
  const statuses = new Map<string, number>(); // `${label} ${status}` → count (bounded: labels × statuses)
  const tally = (key: string): void => {
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  };
  const send = async (n: number, postback: FuzzRequest): Promise<void> => {
    counts.postbacks++;
    try {
      const answer = await exchange(
        postbackAgent,
        port('postback-ingress'),
        postback.method,
        postback.path,
        postback.headers,
        postback.body,
      );
      tally(
        `${postback.label} ${String(answer.status)}${answer.status === 400 ? ` ${reasonOf(answer.body)}` : ''}`,
      );
      // HEAD answers 200 with no body and records nothing (CONTRACT §4).
      if ((answer.status === 200 || answer.status === 400) && postback.method !== 'HEAD') {
        const id = postbackIdOf(answer.body);
        if (id) ledger.answered(id, answer.status);
        else counts.answersWithoutId++;
      }
      if (answer.status === 200 && postback.kind === 'valid') ledger.accepted(n);
      if (answer.status >= 400 && answer.status < 500) ledger.mark(n, REFUSED);
    } catch {
      counts.postbackErrors++;
      ledger.mark(n, CUT_OFF);
      tally(`${postback.label} error`);
    }
  };
  const visit = async (n: number): Promise<void> => {
    counts.visits++;
    let clickId: string;
    try {
      const answer = await exchange(
        clickAgent,
        port('click'),
        'GET',
        `/c/${campaign.key}?clickid=v${String(n)}`,
      );
      if (answer.status !== 302) throw new Error(String(answer.status));
      clickId = new URL(answer.location ?? '').searchParams.get('sub1') ?? '';
      ledger.mark(n, CLICKED);
    } catch {
      counts.clickErrors++;
      return;
    }
    const txid = `T${String(n)}`;
    const postback: FuzzRequest = FUZZ
      ? fuzzPostback(SEED, n, clickId, txid)
      : {
          method: 'GET',
          path: `/postback?cid=${clickId}&payout=2.5&txid=${txid}`,
          headers: {},
          kind: 'valid',
          label: 'plain',
        };
    ledger.mark(n, postback.kind === 'valid' ? VALID_SENT : JUNK_SENT);
    ledger.label(n, postback.label);
    await send(n, postback);
    if (n % 10 === 0) {
      counts.resent++;
      await send(n, postback);
    }
  };

  // Faults, one after another, spread evenly over the run.
  const kill = (name: ServiceName) => async (): Promise<void> => {
    await services.get(name)?.stop('SIGKILL');
    await start(name);
  };
  const sequence: [string, () => Promise<void> | void][] = [
    ['SIGKILL click service + restart', kill('click')],
    ['SIGKILL postback ingress + restart', kill('postback-ingress')],
    [
      `Redis hung (SIGSTOP) for ${String(REDIS_HANG_MS / 1000)} s`,
      async () => {
        redis.hang();
        await sleep(REDIS_HANG_MS);
        redis.resume();
      },
    ],
    ['SIGKILL attribution + restart', kill('attribution')],
    ['SIGKILL api + restart', kill('api')],
    [
      'Kafka restart',
      () => {
        kafkaScript('restart');
      },
    ],
    [
      'Postgres crash (immediate stop) + restart after 3 s',
      async () => {
        pg.stop('immediate');
        await sleep(3000);
        pg.start();
      },
    ],
  ];
  const schedule = Array.from({ length: Math.round(CYCLES) }, () => sequence).flat();
  const faults: string[] = [];
  const windows: { label: string; from: number; to: number }[] = [];
  let faultsOver = 0;
  const faultsDone = (async () => {
    try {
      for (const [index, [label, action]] of schedule.entries()) {
        // At its share of the duration, and at least 5 s after the previous fault was over, so
        // each fault's figures (conversions stored meanwhile) are its own.
        const wait = Math.max(
          started + (SPAN_MS * (index + 1)) / (schedule.length + 1) - Date.now(),
          index === 0 ? 0 : 5000,
        );
        if (wait > 0) await sleep(wait);
        const t0 = Date.now();
        await action();
        windows.push({ label, from: t0, to: Date.now() });
        faults.push(
          `${label} at t=${((t0 - started) / 1000).toFixed(0)}s (over in ${((Date.now() - t0) / 1000).toFixed(1)}s)`,
        );
        log(faults[faults.length - 1] ?? '');
      }
    } finally {
      // A failed fault (rethrown below) also ends the load.
      faultsOver = Date.now();
    }
  })();
  faultsDone.catch(() => undefined); // handled: awaited (and rethrown) after the load

  let inFlight = 0;
  let peakRss = 0;
  const progress = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    log(
      `t=${((Date.now() - started) / 1000).toFixed(0)}s visits ${String(counts.visits)}, postbacks ${String(counts.postbacks)}, ` +
        `accepted ${String(ledger.count(ACCEPTED))}, in flight ${String(inFlight)}, harness RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
    );
  }, 30_000);
  let n = 0;
  // Until the duration is over and every fault happened under load (a fault that ran late is
  // followed by 10 s more load), or the target is reached once the faults are over.
  const loading = (): boolean =>
    faultsOver === 0 ||
    (Date.now() < Math.max(started + SPAN_MS, faultsOver + 10_000) &&
      !(TARGET && counts.postbacks >= TARGET));
  while (loading()) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE);
    // Open loop at the rate, but never more than CONCURRENCY visits at once: a slow system makes
    // the harness fall behind the rate (reported) rather than pile up requests in memory.
    while (n < due && inFlight < CONCURRENCY) {
      inFlight++;
      void visit(n++).finally(() => {
        inFlight--;
      });
    }
    await sleep(5);
  }
  while (inFlight > 0) await sleep(50);
  const loadSeconds = (Date.now() - started) / 1000;
  await faultsDone;
  clearInterval(progress);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  clickAgent.destroy();
  postbackAgent.destroy();
  log(`load done in ${loadSeconds.toFixed(0)} s: ${JSON.stringify(counts)}`);

  // Accounting, in Postgres: the ledger next to what the services stored.
  const db = new Client({ connectionString: pg.url });
  await db.connect();
  await ledger.upload(db);
  const drainStart = Date.now();
  let result = await account(db, schema, started);
  // Drain until everything is accounted for, the timeout, or 2 minutes without any progress (a
  // stalled consumer: its reason is printed below).
  let progressAt = Date.now();
  let last = '';
  const open = (r: Accounting): string =>
    `${String(r.lost)}/${String(r.missingLog)}/${String(r.pending)}/${String(r.lostClicks)}`;
  while (
    open(result) !== '0/0/0/0' &&
    Date.now() - drainStart < DRAIN_TIMEOUT_MS &&
    Date.now() - progressAt < 120_000
  ) {
    if (open(result) !== last) {
      last = open(result);
      progressAt = Date.now();
    }
    log(
      `draining: ${String(result.lost)} accepted postbacks without a conversion, ${String(result.missingLog)} answers not in the log, ${String(result.pending)} pending`,
    );
    await sleep(5000);
    result = await account(db, schema, started);
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const duringFaults = await conversionsDuring(db, schema, windows);
  const events = await readConversionEvents(brokers, campaign.id, db, schema);
  await db.end();

  const readiness = await fetch(`http://127.0.0.1:${String(port('attribution'))}/health/ready`)
    .then((response) => response.text())
    .catch((error: unknown) => String(error));
  for (const service of services.values()) await service.stop();
  await redis.stop();
  if (KEEP)
    log(`kept: Postgres data in ${pg.dataDir} (port ${String(pg.port)}), Kafka on ${String(KAFKA_PORT)}`);
  tearDown();

  const accepted = ledger.count(ACCEPTED);
  const ok =
    result.lost === 0 &&
    result.doubled === 0 &&
    result.fromJunk === 0 &&
    result.fromRefused === 0 &&
    result.stray === 0 &&
    result.missingLog === 0 &&
    counts.answersWithoutId === 0 &&
    result.lostClicks === 0 &&
    events.missing === 0;
  console.log(`\n== load-and-fault harness${FUZZ ? ` — fuzz, seed ${String(SEED)}` : ''}`);
  console.log(
    `rate ${RATE.toFixed(0)} visits/s asked, ${(counts.visits / loadSeconds).toFixed(0)} achieved; ${loadSeconds.toFixed(0)} s; ` +
      `${String(counts.visits)} visits, ${String(counts.postbacks)} postbacks (${(counts.postbacks / loadSeconds).toFixed(0)}/s)` +
      (TARGET ? `, target ${String(TARGET)}` : ''),
  );
  console.log(`faults: ${faults.join('; ')}`);
  console.log(
    `clicks: ${String(result.clicks)} answered 302, ${String(counts.clickErrors)} failed during faults; ` +
      `${String(result.lostClicks)} of the 302s missing in Postgres`,
  );
  console.log(
    `postbacks: ${String(counts.postbacks)} sent (${String(counts.resent)} re-sent copies), ${String(counts.postbackErrors)} without an answer (faults); ` +
      `${String(result.answers)} answered 200/400, ${String(result.missingLog)} of them missing in the postback log, ` +
      `${String(counts.answersWithoutId)} without an id`,
  );
  console.log(
    `answers by case and status: ${[...statuses]
      .sort()
      .map(([key, count]) => `${key}: ${String(count)}`)
      .join(', ')}`,
  );
  console.log(
    `conversions: ${String(result.conversions)} stored for ${String(accepted)} valid postbacks answered 200; ` +
      `lost ${String(result.lost)}, double-counted ${String(result.doubled)}, from junk ${String(result.fromJunk)}, ` +
      `from refused postbacks ${String(result.fromRefused)}${result.fromJunk + result.fromRefused > 0 ? ` (${JSON.stringify(result.unexpectedByCase)})` : ''}, ` +
      `stray ${String(result.stray)}; ${String(result.fromUnanswered)} from valid postbacks whose answer a fault cut off (allowed)`,
  );
  console.log(
    `conversions stored while each fault was on: ${duringFaults.map(({ label, count }) => `${label}: ${String(count)}`).join('; ')}`,
  );
  console.log(
    `conversion events (conversionId, revision): ${String(events.expected - events.missing)} of ${String(events.expected)} published`,
  );
  console.log(
    `lag from 200 to stored conversion p50 ${String(result.p50LagMs)} ms, p99 ${String(result.p99LagMs)} ms (faults included); ` +
      `drained ${drainSeconds.toFixed(0)} s after the load; harness peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
  if (!readiness.startsWith('{"status":"ok"')) console.log(`attribution readiness at the end: ${readiness}`);
  console.log(ok ? 'RESULT: 0 lost, 0 duplicated' : 'RESULT: FAILED');
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
