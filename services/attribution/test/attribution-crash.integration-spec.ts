import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, pollUntil } from '@clickledger/testing';
import type { PostbackReceivedData } from '@clickledger/contracts';
import { AttributionHarness } from './attribution-harness';

const ROOT = join(__dirname, '../../..');
const CLICKS = 150;

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

/** The service as production runs it: its own process, killable with SIGKILL. */
function startService(env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      "require('./infra/node/path-aliases').registerPathAliases('source'); require('./services/attribution/src/main.ts');",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Kept for a failing run: the service's JSON log lines.
  const log = createWriteStream(join(tmpdir(), `attribution-crash-${String(child.pid)}.log`));
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

describe('attribution survives SIGKILL mid-stream', () => {
  const h = new AttributionHarness();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await h.setUp();
  });

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await h.tearDown();
  });

  it('ends with exactly the expected conversions and events: none lost, none counted twice', async () => {
    const catalog = await h.catalog();
    const clicks = Array.from({ length: CLICKS }, () => h.clickData(catalog));
    await h.sendClicks(clicks);
    // Per click, in order: a sale, its reversal, the reversal again (duplicate), an upsell.
    const rounds: PostbackReceivedData[][] = [
      clicks.map((c) => h.postbackData(c.clickId, { txid: 'A', payout: '10' })),
      clicks.map((c) => h.postbackData(c.clickId, { txid: 'A', status: 'declined' })),
      clicks.map((c) => h.postbackData(c.clickId, { txid: 'A', status: 'declined' })),
      clicks.map((c) => h.postbackData(c.clickId, { txid: 'B', payout: '3' })),
    ];
    const stream = rounds.flat();
    // Only this test's rows count: other suites produce to the same topics meanwhile.
    const ids = stream.map((p) => p.postbackId);
    const clickIdList = clicks.map((c) => c.clickId);

    const port = await freePort();
    const env = h.env({
      HTTP_PORT: String(port),
      ATTRIBUTION_PARTITIONS_CONCURRENCY: '6',
      ATTRIBUTION_CONSUMER_SESSION_TIMEOUT: '6s',
      LOG_LEVEL: 'info',
    });
    const first = startService(env);
    children.push(first);
    await waitReady(port);

    // A steady stream in small chunks; the service is killed while it is in full flow.
    let sent = 0;
    let markKilled: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => (markKilled = resolve));
    const streaming = (async () => {
      for (let i = 0; i < stream.length; i += 15) {
        // The second half waits for the kill, so the kill always lands mid-stream, however slow
        // the machine is (a loaded CI once consumed the whole stream before a quarter was logged).
        if (i >= stream.length / 2) await killed;
        await h.sendPostbacks(stream.slice(i, i + 15));
        sent = i + 15;
        await new Promise((resolve) => setTimeout(resolve, 30)); // pacing, not waiting for a result
      }
    })();
    await pollUntil(
      () =>
        h.db
          .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM postback_log WHERE id = ANY($1::uuid[])`, [
            ids,
          ])
          .then((r) => r[0]?.n ?? 0),
      (n) => n >= stream.length / 4,
      { timeoutMs: 60_000, intervalMs: 5, maxIntervalMs: 10 },
    );
    await kill(first);
    const sentAtKill = sent;
    markKilled();
    await streaming;
    expect(sentAtKill).toBeLessThan(stream.length); // the kill happened mid-stream

    const second = startService(env);
    children.push(second);
    await waitReady(port);
    await pollUntil(
      () =>
        h.db
          .query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM postback_log WHERE outcome <> 'pending' AND id = ANY($1::uuid[])`,
            [ids],
          )
          .then((r) => r[0]?.n ?? 0),
      (n) => n === stream.length,
      { timeoutMs: 90_000 },
    );

    const conversions = await h.db.query<
      {
        click_id: string;
        txid: string;
        status: string;
        revision: number;
        payout_amount: string;
        id: string;
      }[]
    >(
      `SELECT id, click_id, txid, status, revision, payout_amount FROM conversions WHERE click_id = ANY($1)`,
      [clickIdList],
    );
    const clickIds = new Set(clicks.map((c) => c.clickId));
    const expected = [...clickIds]
      .flatMap((clickId) => [`${clickId}|A|declined|2|10.000000`, `${clickId}|B|approved|1|3.000000`])
      .sort();
    expect(
      conversions
        .map((c) => `${c.click_id}|${c.txid}|${c.status}|${String(c.revision)}|${c.payout_amount}`)
        .sort(),
    ).toEqual(expected);

    const outcomes = await h.db.query<{ outcome: string; n: number }[]>(
      `SELECT outcome, count(*)::int AS n FROM postback_log WHERE id = ANY($1::uuid[]) GROUP BY outcome ORDER BY outcome`,
      [ids],
    );
    expect(outcomes).toEqual([
      { outcome: 'accepted', n: 2 * CLICKS },
      { outcome: 'duplicate', n: CLICKS },
      { outcome: 'status-changed', n: CLICKS },
    ]);

    // Every (conversionId, revision) published at least once, nothing else, and consistent.
    const byId = new Map(conversions.map((c) => [c.id, c]));
    const expectedEvents = conversions
      .flatMap((c) =>
        c.txid === 'A' ? [`${c.id}|1|approved`, `${c.id}|2|declined`] : [`${c.id}|1|approved`],
      )
      .sort();
    await eventually(
      () => {
        const events = clicks.flatMap((c) => h.eventsFor(c.clickId));
        const distinct = [
          ...new Set(events.map((e) => `${e.conversionId}|${String(e.revision)}|${e.status}`)),
        ];
        expect(distinct.sort()).toEqual(expectedEvents);
        for (const event of events) expect(byId.get(event.conversionId)?.click_id).toBe(event.clickId);
      },
      { timeoutMs: 30_000 },
    );
  }, 240_000);
});
