import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchCounter, BatchCounts } from './batch-counts';
import { integerOption, parseBenchArgs } from './options';
import { median } from './percentile';
import { ROOT } from './processes';

/** The wrk script that builds every request (unique ids, visitor addresses, signed click IDs). */
const SCRIPT = join(ROOT, 'bench/wrk/requests.lua');
/** The whole-stack bench's script: clicks at a fixed rate, their click IDs written out. */
export const VISITS_SCRIPT = join(ROOT, 'bench/wrk/visits.lua');

export interface WrkOptions {
  /** Measured seconds per target, split into `rounds` turns when targets are measured in turns. */
  readonly seconds: number;
  /** Turns per target in measureInTurns (`--rounds`): each target gets seconds ÷ rounds per turn. */
  readonly rounds?: number;
  /**
   * Seconds of load each target gets before the measured turns (`--warm-up`), not counted. It
   * warms the broker too, but only partly: a broker that has just started slows the reference,
   * which waits on it, more than a service bound by its own CPU, so the first run after a start
   * still reads high (bench/README.md).
   */
  readonly warmUpSeconds?: number;
  readonly connections: number;
  readonly threads: number;
  /** Print each measured run's wrk command and its own report (`--verbose`). */
  readonly verbose?: boolean;
}

/**
 * `--seconds 10 --rounds 5 --warm-up 5 --connections 64 --threads 1 --verbose` (wrk's -d, -c, -t) plus a bench's own
 * string options, given as name → default (bench/lib/options.ts: strict, `--name=value` too).
 */
export function parseWrkOptions(
  usage: string,
  extra: Readonly<Record<string, string>> = {},
): WrkOptions & { readonly values: Readonly<Record<string, string>> } {
  const options: Record<string, { type: 'string'; default: string }> = {};
  for (const [name, value] of Object.entries({
    seconds: '10',
    rounds: '5',
    'warm-up': '5',
    connections: '64',
    threads: '1',
    ...extra,
  }))
    options[name] = { type: 'string', default: value };
  const parsed: Record<string, string | boolean | undefined> = parseBenchArgs(usage, {
    ...options,
    verbose: { type: 'boolean', default: false },
  });
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string') values[name] = value;
  const seconds = integerOption(values.seconds, 'seconds');
  const rounds = integerOption(values.rounds, 'rounds');
  if (rounds < 1 || seconds % rounds !== 0) {
    console.error(
      `--seconds (${String(seconds)}) must be a multiple of --rounds (${String(rounds)}): wrk runs whole seconds`,
    );
    process.exit(2);
  }
  return {
    seconds,
    rounds,
    warmUpSeconds: integerOption(values['warm-up'], 'warm-up'),
    connections: integerOption(values.connections, 'connections'),
    threads: integerOption(values.threads, 'threads'),
    verbose: parsed.verbose === true,
    values,
  };
}

/** Exits 2 with the install command when wrk is not there. */
export function requireWrk(): void {
  if (spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined) return;
  console.error('this bench needs wrk (it loads the servers from its own process): apt-get install -y wrk');
  process.exit(2);
}

export interface WrkResult {
  /** Answers wrk read during the run (any status). */
  readonly requests: number;
  /** Requests the script built, per wrk thread: answered + in flight when wrk stopped + failed. */
  readonly sentPerThread: readonly number[];
  readonly sent: number;
  /** Answers with a status above 399 (wrk's "Non-2xx or 3xx responses"). */
  readonly non2xx3xx: number;
  readonly socketErrors: { connect: number; read: number; write: number; timeout: number };
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /**
   * CPU time (user + system) the server process used per answered request during the run, in µs:
   * what a change costs or saves, readable even when other processes load the machine.
   */
  readonly serverCpuUsPerRequest?: number;
  /** measureInTurns, for a contender with a batch counter: batches Kafka acknowledged during its turns. */
  readonly acknowledged?: BatchCounts;
  /** measureInTurns: this target's turns, in order (turn i of every target ran in the same round). */
  readonly turns?: readonly WrkResult[];
}

export interface WrkTarget {
  readonly port: number;
  /** `click` or `postback`: which requests the script builds. */
  readonly mode: 'click' | 'postback';
  /** Prefix of every request's unique id in this run. */
  readonly tag: string;
  /** The campaign key (click) or the file of signed click IDs (postback). */
  readonly arg: string;
  /** The server's process id: its CPU time per request is measured (Linux). */
  readonly pid?: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // After the command name: state is field 3, utime 14 and stime 15, in clock ticks (100 per second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface WrkJson {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  sent: number[];
}

/** One wrk run (its own process): `wrk -t -c -d --latency -s requests.lua`. */
export function runWrk(target: WrkTarget, options: WrkOptions): Promise<WrkResult> {
  return runWrkScript(target.port, SCRIPT, [target.mode, target.tag, target.arg], options, target.pid);
}

/** One wrk run of a script of bench/wrk (its done() prints the WRK_JSON line), with the script's arguments. */
export async function runWrkScript(
  port: number,
  script: string,
  scriptArgs: readonly string[],
  options: WrkOptions,
  pid?: number,
): Promise<WrkResult> {
  const args = [
    `-t${String(options.threads)}`,
    `-c${String(options.connections)}`,
    `-d${String(options.seconds)}s`,
    '--latency',
    '-s',
    script,
    `http://127.0.0.1:${String(port)}`,
    '--',
    ...scriptArgs,
  ];
  const cpuBefore = cpuSecondsOf(pid);
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const cpuAfter = cpuSecondsOf(pid);
  const line = output.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (code !== 0 || line === undefined)
    throw new Error(`wrk ${args.join(' ')} failed (${String(code)}):\n${output}`);
  if (options.verbose === true) console.log(`wrk ${args.join(' ')}\n${output.replace(line, '').trimEnd()}`);
  const json = JSON.parse(line.slice('WRK_JSON '.length)) as WrkJson;
  const seconds = json.durationUs / 1e6;
  return {
    requests: json.requests,
    sentPerThread: json.sent,
    sent: json.sent.reduce((a, b) => a + b, 0),
    non2xx3xx: json.status,
    socketErrors: { connect: json.connect, read: json.read, write: json.write, timeout: json.timeout },
    seconds,
    perSecond: json.requests / seconds,
    p50Ms: json.p50 / 1000,
    p90Ms: json.p90 / 1000,
    p99Ms: json.p99 / 1000,
    maxMs: json.max / 1000,
    serverCpuUsPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || json.requests === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / json.requests,
  };
}

export interface Contender {
  readonly label: string;
  readonly target: WrkTarget;
  /** Its Kafka batches so far (the service and the reference; the bare server has none). */
  readonly batchCounter?: BatchCounter;
}

/**
 * Every contender measured in turns rather than one after the other: `warmUpSeconds` of warm-up
 * each (default 1), then `rounds` rounds in which each gets seconds ÷ rounds (the order rotates every round). A
 * shared machine's speed drifts over a minute (other tenants, the broker's own work), which moved
 * back-to-back 10 s runs of the same server by up to 40 %; in turns, every round compares the contenders
 * under the same conditions. Each turn's requests are tagged `<tag>t<round>` (ids stay unique).
 */
export async function measureInTurns(
  contenders: readonly Contender[],
  options: WrkOptions,
): Promise<Map<string, WrkResult>> {
  const rounds = options.rounds ?? 1;
  const turnOptions = { ...options, seconds: options.seconds / rounds };
  for (const { target } of contenders)
    await runWrk(
      { ...target, tag: `${target.tag}w` },
      { ...options, seconds: options.warmUpSeconds ?? 1, verbose: false },
    );
  const turns = new Map<string, WrkResult[]>(contenders.map(({ label }) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const { label, target, batchCounter } = contenders[(i + round) % contenders.length];
      const before = await batchCounter?.();
      const turn = await runWrk({ ...target, tag: `${target.tag}t${String(round)}` }, turnOptions);
      const after = await batchCounter?.();
      turns.get(label)?.push(
        before && after
          ? {
              ...turn,
              acknowledged: {
                batches: after.batches - before.batches,
                events: after.events - before.events,
              },
            }
          : turn,
      );
    }
  }
  return new Map([...turns].map(([label, results]) => [label, combineTurns(results)]));
}

/** One result for a target's turns: counts summed, percentiles the median turn's, the turns kept. */
function combineTurns(turns: readonly WrkResult[]): WrkResult {
  const sum = (pick: (r: WrkResult) => number): number => turns.reduce((total, r) => total + pick(r), 0);
  const requests = sum((r) => r.requests);
  const seconds = sum((r) => r.seconds);
  const cpuKnown = turns.every((r) => r.serverCpuUsPerRequest !== undefined);
  const batchesKnown = turns.every((r) => r.acknowledged !== undefined);
  return {
    requests,
    sentPerThread: (turns[0]?.sentPerThread ?? []).map((_, thread) =>
      sum((r) => r.sentPerThread[thread] ?? 0),
    ),
    sent: sum((r) => r.sent),
    non2xx3xx: sum((r) => r.non2xx3xx),
    socketErrors: {
      connect: sum((r) => r.socketErrors.connect),
      read: sum((r) => r.socketErrors.read),
      write: sum((r) => r.socketErrors.write),
      timeout: sum((r) => r.socketErrors.timeout),
    },
    seconds,
    perSecond: requests / seconds,
    p50Ms: median(turns.map((r) => r.p50Ms)),
    p90Ms: median(turns.map((r) => r.p90Ms)),
    p99Ms: median(turns.map((r) => r.p99Ms)),
    maxMs: Math.max(...turns.map((r) => r.maxMs)),
    serverCpuUsPerRequest:
      cpuKnown && requests > 0
        ? sum((r) => (r.serverCpuUsPerRequest ?? 0) * r.requests) / requests
        : undefined,
    acknowledged: batchesKnown
      ? {
          batches: sum((r) => r.acknowledged?.batches ?? 0),
          events: sum((r) => r.acknowledged?.events ?? 0),
        }
      : undefined,
    turns,
  };
}

/**
 * `r`'s figure over the reference's: with turns, the median of the rounds' ratios (each round's
 * turns ran back to back, under the same conditions) and their range; otherwise the whole runs' ratio.
 */
function ratioToReference(r: WrkResult, reference: WrkResult, pick: (r: WrkResult) => number): string {
  const mine = r.turns;
  const theirs = reference.turns;
  if (mine && theirs && mine.length === theirs.length && mine.length > 1 && r !== reference) {
    const ratios = mine.map((turn, i) => pick(turn) / pick(theirs[i] ?? turn));
    return `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
  }
  return `${(pick(r) / pick(reference)).toFixed(2)}×`;
}

/** Events per batch Kafka acknowledged during the turns: Kafka's work per event falls as it grows. */
const eventsPerBatch = (r: WrkResult): string =>
  r.acknowledged === undefined || r.acknowledged.batches === 0
    ? '-'
    : (r.acknowledged.events / r.acknowledged.batches).toFixed(1);

const errorsOf = (r: WrkResult): number =>
  r.socketErrors.connect + r.socketErrors.read + r.socketErrors.write + r.socketErrors.timeout;

/**
 * The table: req/s, p50/p90/p99, the ratios to the reference (req/s and p99), CPU per request and
 * events per Kafka batch. Measured in
 * turns, the percentiles are the median turn's and the ratios the median of the rounds' ratios,
 * with the lowest and highest round in brackets.
 */
export function printTable(rows: readonly (readonly [string, WrkResult])[], reference: WrkResult): void {
  const header = [
    'target'.padEnd(34),
    'req/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p90 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'req/s ÷ ref (rounds)'.padStart(21),
    'p99 ÷ ref (rounds)'.padStart(21),
    'non-2xx/3xx'.padStart(12),
    'socket errors'.padStart(14),
    'CPU µs/req'.padStart(11),
    'events/batch'.padStart(13),
  ];
  console.log(header.join(' '));
  for (const [label, r] of rows) {
    console.log(
      [
        label.padEnd(34),
        Math.round(r.perSecond).toString().padStart(8),
        r.p50Ms.toFixed(2).padStart(8),
        r.p90Ms.toFixed(2).padStart(8),
        r.p99Ms.toFixed(2).padStart(8),
        ratioToReference(r, reference, (x) => x.perSecond).padStart(21),
        ratioToReference(r, reference, (x) => x.p99Ms).padStart(21),
        String(r.non2xx3xx).padStart(12),
        String(errorsOf(r)).padStart(14),
        (r.serverCpuUsPerRequest === undefined ? '-' : r.serverCpuUsPerRequest.toFixed(0)).padStart(11),
        eventsPerBatch(r).padStart(13),
      ].join(' '),
    );
  }
}

/**
 * Compares the events a service wrote for one run (by the requests' unique ids) with wrk's counts.
 * Every 2xx/3xx answer must have its event and no id may appear twice; the requests in flight when
 * wrk stopped (sent − answered) may or may not have one. When every sent request has its event the
 * check is exact per request. Returns whether it passed.
 */
export function reportAccounting(
  label: string,
  result: WrkResult,
  seen: ReadonlyMap<string, number>,
  topic: string,
): boolean {
  const answeredOk = result.requests - result.non2xx3xx;
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  const found = seen.size;
  const ok = duplicated === 0 && found >= answeredOk && found <= result.sent;
  console.log(
    `${label}: ${String(answeredOk)} answered 2xx/3xx, ${String(result.non2xx3xx)} non-2xx/3xx, ` +
      `${String(result.sent)} sent (${String(result.sent - result.requests)} unanswered: in flight when wrk stopped or failed), ` +
      `${String(found)} events found in ${topic}, ${String(duplicated)} duplicated, ` +
      `${String(Math.max(0, answeredOk - found))} missing → ${ok ? 'OK' : 'FAILED'}` +
      (ok && found === result.sent ? ' (every request sent has exactly one event)' : ''),
  );
  return ok;
}
