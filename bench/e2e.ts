/**
 * Load-and-fault harness: drives clicks and postbacks through the real services at a set rate
 * while it SIGKILLs and restarts the click service, the ingress and attribution, and restarts
 * Kafka; then checks that every postback answered 200 became exactly one conversion (0 lost,
 * 0 double-counted) and that every 302 became a stored click, and prints throughput and lag.
 * Loopback only, bounded in time.
 *   npm run bench -- e2e [--seconds 60] [--rate 100]   (rate: visits per second, each a click + a postback)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createKafkaClient, parseBrokers, startGroupAtEnd } from '@clickledger/platform-kafka';
import { runMigrations } from '@clickledger/persistence';
import { conversionEventDedupeKey, TOPICS } from '@clickledger/contracts';
import { percentile } from './lib/load';
import { ROOT, startService, type RunningProcess } from './lib/processes';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const SECONDS = Number(args.get('--seconds') ?? 60);
const RATE = Number(args.get('--rate') ?? 100);
const DRAIN_TIMEOUT_MS = 180_000;
const TOKEN = 'bench-e2e-token';
const SECRET = 'bench-e2e-click-id-secret-0001';

type ServiceName = 'api' | 'click' | 'postback-ingress' | 'attribution';

const log = (line: string): void => {
  console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
};

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clickledger';
  const brokers = parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
  const run = `e2e${Date.now().toString(36)}`;
  const schema = `bench_${run}`;
  await runMigrations({ url: databaseUrl, schema });
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/2',
    REDIS_KEY_PREFIX: `${run}:`,
    CLICK_ID_SECRETS: SECRET,
    API_TOKEN: TOKEN,
    ATTRIBUTION_CONSUMER_GROUP: `bench-${run}`,
    ATTRIBUTION_PENDING_SCAN_INTERVAL: '500ms',
  };
  // This run's attribution starts after the shared topics' history (earlier runs' events).
  const admin = createKafkaClient({ brokers, clientId: 'bench-e2e-setup' });
  await startGroupAtEnd(admin, `bench-${run}.clicks`, [TOPICS.clicksRecorded.name]);
  await startGroupAtEnd(admin, `bench-${run}.postbacks`, [TOPICS.postbacksReceived.name]);
  await startGroupAtEnd(admin, `bench-${run}.postbacks-rejected`, [TOPICS.postbacksRejected.name]);
  const spool = (name: string): Record<string, string> => ({
    KAFKA_SPOOL_DIR: join(ROOT, `.run/bench-spool/${run}/${name}`),
  });
  const services = new Map<ServiceName, RunningProcess>();
  // A supervisor's restart: a service that cannot start yet (Kafka restarting) is started again.
  const start = async (name: ServiceName): Promise<void> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        services.set(name, await startService(name, { ...env, ...spool(name) }, ports.get(name)));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        log(
          `${name} did not start (${error instanceof Error ? error.message : String(error)}); starting it again`,
        );
      }
    }
  };
  const ports = new Map<ServiceName, number | undefined>();
  for (const name of ['api', 'click', 'postback-ingress', 'attribution'] as const) {
    await start(name);
    ports.set(name, services.get(name)?.port);
  }
  const url = (name: ServiceName): string => `http://127.0.0.1:${String(ports.get(name))}`;

  // The catalog, through the API.
  const api = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${url('api')}/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${String(response.status)} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const network = await api<{ id: string }>('/affiliate-networks', {
    name: 'bench network',
    template: 'everflow',
  });
  const offer = await api<{ id: string }>('/offers', {
    name: 'bench offer',
    url: 'https://offer.example/?sub1={clickid}',
    affiliateNetworkId: network.id,
    payout: { mode: 'auto', amount: '1.00', currency: 'USD' },
  });
  const source = await api<{ id: string }>('/traffic-sources', {
    name: 'bench source',
    externalIdParam: 'clickid',
  });
  const campaign = await api<{ key: string }>('/campaigns', {
    name: 'bench campaign',
    trafficSourceId: source.id,
    offers: [{ offerId: offer.id, weight: 1 }],
  });
  // Wait until the click service routes the new campaign.
  for (;;) {
    const response = await fetch(`${url('click')}/c/${campaign.key}`, { redirect: 'manual' });
    if (response.status === 302) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Load: each visit is a click, then the network's postback (sometimes sent twice, as networks do).
  const clicked = new Set<string>();
  const accepted = new Map<string, number>(); // identity clickId|txid → first 200 time
  const attempted = new Set<string>();
  const counts = {
    visits: 0,
    clickErrors: 0,
    postbackErrors: 0,
    postback200: 0,
    postbackOther: 0,
    resent: 0,
  };
  const visit = async (n: number): Promise<void> => {
    counts.visits++;
    let clickId: string;
    try {
      const response = await fetch(`${url('click')}/c/${campaign.key}?clickid=v${String(n)}`, {
        redirect: 'manual',
      });
      if (response.status !== 302) throw new Error(String(response.status));
      clickId = new URL(response.headers.get('location') ?? '').searchParams.get('sub1') ?? '';
      clicked.add(clickId);
    } catch {
      counts.clickErrors++;
      return;
    }
    const identity = `${clickId}|T${String(n)}`;
    const send = async (): Promise<void> => {
      attempted.add(identity);
      try {
        const response = await fetch(
          `${url('postback-ingress')}/postback?cid=${clickId}&payout=2.5&txid=T${String(n)}`,
        );
        await response.arrayBuffer();
        if (response.status === 200) {
          counts.postback200++;
          if (!accepted.has(identity)) accepted.set(identity, Date.now());
        } else counts.postbackOther++;
      } catch {
        counts.postbackErrors++;
      }
    };
    await send();
    if (n % 10 === 0) {
      counts.resent++;
      await send();
    }
  };

  const faults: string[] = [];
  const started = Date.now();
  /** Faults run one after another, each at its time or as soon as the previous one is over. */
  const fault = async (at: number, label: string, action: () => Promise<void> | void): Promise<void> => {
    const wait = started + at - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = Date.now();
    await action();
    faults.push(
      `${label} at t=${((t0 - started) / 1000).toFixed(0)}s (back in ${((Date.now() - t0) / 1000).toFixed(1)}s)`,
    );
    log(faults[faults.length - 1] ?? '');
  };
  const kill = (name: ServiceName) => async (): Promise<void> => {
    await services.get(name)?.stop('SIGKILL');
    await start(name);
  };
  const kafka = (command: string) => (): void => {
    const result = spawnSync('bash', [join(ROOT, 'infra/kafka/kafka.sh'), command], {
      encoding: 'utf8',
      env: process.env,
    });
    if (result.status !== 0) throw new Error(`kafka.sh ${command}: ${result.stderr}`);
  };
  const span = SECONDS * 1000;
  log(`driving ${String(RATE)} visits/s for ${String(SECONDS)} s; faults at 20/35/50/65 % of the run`);
  const inFlight = new Set<Promise<void>>();
  const faultsDone = (async () => {
    await fault(span * 0.2, 'SIGKILL click service + restart', kill('click'));
    await fault(span * 0.35, 'SIGKILL postback ingress + restart', kill('postback-ingress'));
    await fault(span * 0.5, 'SIGKILL attribution + restart', kill('attribution'));
    await fault(span * 0.65, 'Kafka restart', kafka('restart'));
  })();
  let n = 0;
  while (Date.now() - started < span) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE);
    while (n < due) {
      const p = visit(n++);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(inFlight);
  await faultsDone;
  const loadSeconds = (Date.now() - started) / 1000;
  log(`load done: ${JSON.stringify(counts)}`);

  // Verify in Postgres: every accepted identity exactly once; every 302 stored as a click.
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const query = async <T extends object>(sql: string): Promise<T[]> => (await db.query<T>(sql)).rows;
  const drainStart = Date.now();
  let found = new Map<string, { count: number; createdAt: number }>();
  for (;;) {
    const rows = await query<{ identity: string; n: string; created: Date }>(
      `SELECT click_id || '|' || txid AS identity, count(*) AS n, min(created_at) AS created FROM ${schema}.conversions GROUP BY 1`,
    );
    found = new Map(rows.map((r) => [r.identity, { count: Number(r.n), createdAt: r.created.getTime() }]));
    const missing = [...accepted.keys()].filter((identity) => !found.has(identity)).length;
    if (missing === 0 || Date.now() - drainStart > DRAIN_TIMEOUT_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const lost = [...accepted.keys()].filter((identity) => !found.has(identity));
  const doubled = [...found].filter(([, v]) => v.count > 1);
  const unexpected = [...found.keys()].filter((identity) => !attempted.has(identity));
  const storedClicks = new Set(
    (await query<{ click_id: string }>(`SELECT click_id FROM ${schema}.clicks`)).map((r) => r.click_id),
  );
  const lostClicks = [...clicked].filter((id) => !storedClicks.has(id));
  const lags = [...accepted]
    .map(([identity, at]) => (found.get(identity)?.createdAt ?? Number.NaN) - at)
    .filter((lag) => Number.isFinite(lag))
    .sort((a, b) => a - b);

  // Verify the events: deduplicated by (conversionId, revision) they match the conversions.
  const eventCount = await countConversionEvents(brokers, schema, db);
  await db.end();

  for (const service of services.values()) await service.stop();
  console.log('\n== load-and-fault harness');
  console.log(`rate ${String(RATE)} visits/s, ${loadSeconds.toFixed(0)} s, ${String(counts.visits)} visits`);
  console.log(`faults: ${faults.join('; ')}`);
  console.log(
    `clicks: ${String(clicked.size)} answered 302, ${String(counts.clickErrors)} failed during faults; ` +
      `${String(lostClicks.length)} of the 302s missing in Postgres`,
  );
  console.log(
    `postbacks: ${String(counts.postback200)} answered 200 (${String(accepted.size)} distinct, ${String(counts.resent)} re-sent), ` +
      `${String(counts.postbackOther)} other answers, ${String(counts.postbackErrors)} failed during faults`,
  );
  console.log(
    `conversions: ${String(found.size)} stored; lost ${String(lost.length)}, double-counted ${String(doubled.length)}, ` +
      `from postbacks not answered 200 ${String(unexpected.length)}`,
  );
  console.log(
    `conversion events (deduplicated by conversionId+revision): ${eventCount.matching} of ${eventCount.expected} conversions`,
  );
  console.log(
    `throughput ${(accepted.size / loadSeconds).toFixed(0)} conversions/s; lag from 200 to stored conversion ` +
      `p50 ${String(percentile(lags, 0.5))} ms, p99 ${String(percentile(lags, 0.99))} ms (includes recovery from faults)`,
  );
  const ok =
    lost.length === 0 &&
    doubled.length === 0 &&
    lostClicks.length === 0 &&
    eventCount.matching === eventCount.expected;
  console.log(ok ? 'RESULT: 0 lost, 0 duplicated' : 'RESULT: FAILED');
  if (!ok) process.exitCode = 1;
}

/** Reads conversions.attributed.v1 for this run's conversions and compares (id, revision) pairs. */
async function countConversionEvents(
  brokers: string[],
  schema: string,
  db: Client,
): Promise<{ expected: number; matching: number }> {
  const rows = (
    await db.query<{ id: string; revision: number }>(`SELECT id, revision FROM ${schema}.conversions`)
  ).rows;
  const wanted = new Set(
    rows.map((r) => conversionEventDedupeKey({ conversionId: r.id, revision: r.revision })),
  );
  const kafka = createKafkaClient({ brokers, clientId: 'bench-e2e-verify' });
  const consumer = kafka.consumer({ groupId: `bench-e2e-verify-${String(Date.now())}` });
  const seen = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.conversionsAttributed.name, fromBeginning: true });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const timer = setTimeout(done, 60_000);
  await consumer.run({
    eachMessage: ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? '{}') as {
        data?: { conversionId?: string; revision?: number };
      };
      const key = conversionEventDedupeKey({
        conversionId: event.data?.conversionId ?? '',
        revision: event.data?.revision ?? 0,
      });
      if (wanted.has(key)) seen.add(key);
      if (seen.size === wanted.size) done();
      return Promise.resolve();
    },
  });
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return { expected: wanted.size, matching: seen.size };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
