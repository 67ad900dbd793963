import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBroker, pollUntil, uniqueTopic } from '@clickledger/testing';
import {
  createKafkaClient,
  DurablePublisher,
  SpoolFullError,
  type KafkaClient,
  type PublishReceipt,
} from '../src';
import { createTopic, readTopic, topicMessageCount } from './kafka-test-kit';

const CHILD = join(__dirname, 'fixtures/spool-publisher.process.ts');

interface ChildRun {
  readonly resolvedIds: Set<number>;
  readonly statuses: Set<string>;
  readonly output: string[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the publishing child; `killAfter` resolved publishes, it is SIGKILLed. */
function runChild(args: readonly string[], killAfter?: number): ChildRun {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD, ...args],
    {
      cwd: __dirname,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const resolvedIds = new Set<number>();
  const statuses = new Set<string>();
  const output: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const [word, id, status] = line.split(' ');
      if (word === 'resolved' && id && status) {
        resolvedIds.add(Number(id));
        statuses.add(status);
        if (killAfter !== undefined && resolvedIds.size >= killAfter) child.kill('SIGKILL');
      } else output.push(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { resolvedIds, statuses, output, exit };
}

describe('DurablePublisher through a broker outage (own broker, stopped and started by the test)', () => {
  const broker = new LocalBroker(19192);
  let kafka: KafkaClient;
  let spoolDirectory: string;

  beforeAll(() => {
    broker.start();
    kafka = createKafkaClient({
      brokers: broker.brokers,
      clientId: 'outage-test',
      retries: 2,
      connectionTimeoutMs: 1000,
    });
  });

  afterAll(() => {
    broker.stop();
  });

  beforeEach(async () => {
    spoolDirectory = await mkdtemp(join(tmpdir(), 'outage-spool-'));
  });

  afterEach(async () => {
    await rm(spoolDirectory, { recursive: true, force: true });
  });

  it('spools 10,000 publishes while Kafka is down, then replays all of them and goes direct again', async () => {
    const topic = uniqueTopic('outage');
    await createTopic(kafka, topic);
    const publisher = new DurablePublisher({
      kafka,
      spoolDirectory,
      // Generous: a replay chunk timing out against the broker just restarted would be replayed
      // by a new producer, and Kafka may have taken the first try too (a duplicate, not a loss).
      ackTimeoutMs: 10_000,
      probeIntervalMs: 250,
      spoolSegmentBytes: 64 * 1024,
    });
    await publisher.start();
    expect(publisher.stats().mode).toBe('direct');
    try {
      broker.stop();
      const receipts: PublishReceipt[] = await Promise.all(
        Array.from({ length: 10_000 }, (_, i) =>
          publisher.publish({ topic, key: `k${String(i % 101)}`, value: `id-${String(i)}` }),
        ),
      );
      expect(receipts.every((receipt) => receipt.status === 'spooled')).toBe(true);
      expect(publisher.stats()).toMatchObject({ mode: 'spooling', spooled: 10_000, published: 0 });
      expect(publisher.stats().spoolSegments).toBeGreaterThan(1);

      broker.start();
      await pollUntil(
        () => publisher.stats(),
        (stats) => stats.mode === 'direct' && stats.spoolBytes === 0,
        { timeoutMs: 60_000 },
      );
      await expect(publisher.publish({ topic, key: 'k0', value: 'after' })).resolves.toEqual({
        status: 'acked',
      });

      const total = await topicMessageCount(kafka, topic);
      const ids = new Set((await readTopic(kafka, topic, total)).map((message) => message.value));
      for (let i = 0; i < 10_000; i++)
        if (!ids.has(`id-${String(i)}`)) throw new Error(`id-${String(i)} missing`);
      expect(ids.has('after')).toBe(true);
      // Without a lost ack nothing is sent twice.
      expect(total).toBe(10_001);
    } finally {
      await publisher.close();
    }
  });

  it('keeps every resolved publish of a process killed with SIGKILL halfway through an outage', async () => {
    const topic = uniqueTopic('crash');
    await createTopic(kafka, topic);
    broker.stop();

    const publishing = runChild(['publish', spoolDirectory, broker.brokers.join(','), topic, '10000'], 5000);
    const crashed = await publishing.exit;
    expect(crashed.signal).toBe('SIGKILL');
    expect(publishing.statuses).toEqual(new Set(['spooled']));
    expect(publishing.resolvedIds.size).toBeGreaterThanOrEqual(5000);
    expect(publishing.resolvedIds.size).toBeLessThan(10_000);

    broker.start();
    const draining = runChild(['drain', spoolDirectory, broker.brokers.join(',')]);
    expect(await draining.exit).toEqual({ code: 0, signal: null });
    expect(draining.output.join('\n')).toContain('drained');

    const total = await topicMessageCount(kafka, topic);
    const inKafka = new Set((await readTopic(kafka, topic, total)).map((message) => message.value));
    const lost = [...publishing.resolvedIds].filter((id) => !inKafka.has(`id-${String(id)}`));
    expect(lost).toEqual([]);
  });

  it('rejects with SpoolFullError once the spool reaches its bound while Kafka is unreachable', async () => {
    const unreachable = createKafkaClient({
      brokers: ['127.0.0.1:1'],
      clientId: 'spool-full-test',
      retries: 1,
      connectionTimeoutMs: 200,
    });
    const publisher = new DurablePublisher({
      kafka: unreachable,
      spoolDirectory,
      spoolMaxBytes: 20_000,
      maxBatchMessages: 10,
      ackTimeoutMs: 500,
    });
    await publisher.start();
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 1000 }, (_, i) =>
          publisher.publish({ topic: 'unreachable', key: null, value: `message-${String(i)}` }),
        ),
      );
      const spooled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
      );
      expect(spooled.length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((reason) => reason instanceof SpoolFullError)).toBe(true);
      expect(refused[0]).toMatchObject({ code: 'kafka.spool-full', maxBytes: 20_000 });
      expect(publisher.stats()).toMatchObject({ spooled: spooled.length, rejected: refused.length });
      expect(publisher.stats().spoolBytes).toBeLessThanOrEqual(20_000);
    } finally {
      await publisher.close();
    }
  });
});
