import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, pollUntil } from '@clickledger/testing';
import { SourcePostbacksHarness } from './source-postbacks-harness';
import { TrafficSourceSink } from './traffic-source-sink';

const ROOT = join(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/services/source-postbacks/src/main.js');
const CONVERSIONS = 300;
const HOST_CONCURRENCY = 8;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** The built service (`npm test` builds first), as production runs it: its own process. */
function startService(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'infra/node/register-paths.js'), MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept for a failing run: the service's JSON log lines.
  const log = createWriteStream(join(tmpdir(), `source-postbacks-crash-${String(child.pid)}.log`));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

async function waitReady(port: number): Promise<void> {
  await eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${String(port)}/health/ready`);
      if (response.status !== 200) throw new Error(`not ready: ${String(response.status)}`);
    },
    { timeoutMs: 90_000, maxIntervalMs: 250 },
  );
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGKILL');
  });
}

describe('source-postbacks survives SIGKILL mid-stream', () => {
  const h = new SourcePostbacksHarness();
  const sink = new TrafficSourceSink();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await h.setUp();
    await sink.start();
    sink.delayMs = 40; // a source that takes its time, so the kill lands while deliveries are in flight
  });

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await sink.stop();
    await h.tearDown();
  });

  it('loses no delivery: every conversion reaches the source, each stored once', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const catalog = await h.catalog({ postbackUrl: sink.url('/crash?conv={conversion.id}') });
    const events = Array.from({ length: CONVERSIONS }, () => h.conversion(catalog));
    const port = await freePort();
    const env = h.env({
      HTTP_PORT: String(port),
      SOURCE_POSTBACK_HOST_CONCURRENCY: String(HOST_CONCURRENCY),
      // Lease = 2 × timeout + 5 s: a crashed sender's deliveries are taken over after ~9 s.
      SOURCE_POSTBACK_TIMEOUT: '2s',
      LOG_LEVEL: 'info',
    });
    const first = startService(env);
    children.push(first);
    await waitReady(port);

    // The first half now; the second half only after the kill, so the kill is mid-stream however
    // fast the machine is.
    await h.publish(events.slice(0, CONVERSIONS / 2));
    await pollUntil(
      () => sink.to('/crash').length,
      (n) => n >= CONVERSIONS / 6,
      { timeoutMs: 60_000, intervalMs: 5, maxIntervalMs: 10 },
    );
    await kill(first);
    const receivedAtKill = sink.to('/crash').length;
    expect(receivedAtKill).toBeLessThan(CONVERSIONS / 2);
    await h.publish(events.slice(CONVERSIONS / 2));

    const second = startService(env);
    children.push(second);
    await waitReady(port);
    await pollUntil(
      () =>
        h.db
          .query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM source_postbacks WHERE outcome = 'delivered' AND traffic_source_id = $1`,
            [catalog.trafficSourceId],
          )
          .then((r) => r[0]?.n ?? 0),
      (n) => n === CONVERSIONS,
      { timeoutMs: 90_000 },
    );

    // Exactly one delivery row per conversion, all delivered.
    const rows = await h.db.query<{ conversion_id: string; outcome: string }[]>(
      `SELECT conversion_id, outcome FROM source_postbacks WHERE traffic_source_id = $1`,
      [catalog.trafficSourceId],
    );
    expect(rows).toHaveLength(CONVERSIONS);
    expect(new Set(rows.map((r) => r.conversion_id))).toEqual(new Set(events.map((e) => e.conversionId)));
    // Every conversion reached the source. A delivery in flight at the kill may arrive twice (the
    // documented window: sent, not yet recorded); never more than the host's slots, each held from
    // the send until the attempt is recorded.
    const received = sink.to('/crash').map((r) => new URLSearchParams(r.query).get('conv'));
    expect(new Set(received)).toEqual(new Set(events.map((e) => e.conversionId)));
    const duplicates = received.length - CONVERSIONS;
    expect(duplicates).toBeLessThanOrEqual(HOST_CONCURRENCY);
    process.stdout.write(
      `source-postbacks crash: ${String(receivedAtKill)} received at the kill, ${String(duplicates)} sent twice\n`,
    );
  }, 240_000);
});
