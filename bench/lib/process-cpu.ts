import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) used so far by each of the machine's processes, keyed by pid and
 * start time (a reused pid is another process), with the command name it is counted under.
 */
export type CpuByCommand = ReadonlyMap<string, { readonly command: string; readonly seconds: number }>;

/**
 * Every process's CPU time from `/proc/<pid>/stat` (Linux; an empty map elsewhere), with its
 * command name (`postgres` for every backend, `java` for the broker; the caller's own is `this
 * process`; a pid in `names` is counted under its name there, e.g. each service's). Two snapshots'
 * difference says who spent the CPU between them, whatever shares the machine.
 */
export function cpuByCommand(names: ReadonlyMap<number, string> = new Map()): CpuByCommand {
  return cpuOfEntries('/proc', (pid, name) =>
    pid === String(process.pid) ? 'this process' : (names.get(Number(pid)) ?? name),
  );
}

/**
 * This process's CPU time by thread (`/proc/self/task`), each counted under what it does: its
 * main thread (the service and the bench's own loop), a worker by the name it was given (e.g.
 * the postback producer), V8's helper threads (the garbage collector's parallel and concurrent
 * work, the compiler's background jobs), libuv's pool. The same snapshots as `cpuByCommand`.
 */
export function cpuByThread(): CpuByCommand {
  return cpuOfEntries('/proc/self/task', (_tid, name) => THREAD_ROLES[name] ?? name);
}

/** Node's thread names (Linux's 15-character `comm`) and what they are counted as. */
const THREAD_ROLES: Readonly<Record<string, string>> = {
  'node-MainThread': 'main thread',
  'node-V8Worker': "V8's helper threads",
  'libuv-worker': "libuv's pool",
};

/** CPU seconds of each numbered entry under `dir` (processes, or one process's threads). */
function cpuOfEntries(dir: string, commandOf: (id: string, name: string) => string): CpuByCommand {
  const entries = new Map<string, { command: string; seconds: number }>();
  let ids: string[];
  try {
    ids = readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return entries;
  }
  for (const id of ids) {
    try {
      const stat = readFileSync(`${dir}/${id}/stat`, 'utf8');
      const command = commandOf(id, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      // After the command name: utime is field 14, stime 15 (clock ticks, 100 per second) and
      // starttime 22.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      entries.set(`${id}:${fields[19] ?? ''}`, { command, seconds });
    } catch {
      // The process or thread ended between the listing and the read.
    }
  }
  return entries;
}

/** `name µs` per unit of work for each command that used at least `minShare` of the total, largest first. */
export function cpuPerUnit(
  before: CpuByCommand,
  after: CpuByCommand,
  units: number,
  minShare = 0.01,
): string {
  const spent = spentByCommand(before, after);
  const total = sum(spent);
  return [...spent.filter(([, seconds]) => seconds >= total * minShare), ['total', total] as const]
    .sort((a, b) => b[1] - a[1])
    .map(([command, seconds]) => `${command} ${((seconds * 1e6) / units).toFixed(0)}`)
    .join(', ');
}

/** CPU seconds the machine's processes spent between two snapshots. */
export function cpuSpent(before: CpuByCommand, after: CpuByCommand): number {
  return sum(spentByCommand(before, after));
}

/**
 * Each command's CPU seconds between two snapshots, those that spent any: per process, so one that
 * exits in between (a pool's idle connection, with all the CPU it ever used) takes nothing off its
 * command's figure; one that started in between counts from zero. What a process that exited
 * spent in between is not known: it is left out.
 */
function spentByCommand(before: CpuByCommand, after: CpuByCommand): (readonly [string, number])[] {
  const spent = new Map<string, number>();
  for (const [key, { command, seconds }] of after) {
    const delta = seconds - (before.get(key)?.seconds ?? 0);
    if (delta > 0) spent.set(command, (spent.get(command) ?? 0) + delta);
  }
  return [...spent];
}

function sum(spent: readonly (readonly [string, number])[]): number {
  return spent.reduce((total, [, seconds]) => total + seconds, 0);
}
