import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) used so far by the machine's processes, summed by command name. */
export type CpuByCommand = Map<string, number>;

/**
 * Every process's CPU time from `/proc/<pid>/stat` (Linux; an empty map elsewhere), by command
 * name (`postgres` sums every backend, `java` is the broker; the caller's own is `this process`;
 * a pid in `names` is counted under its name there, e.g. each service's). Two snapshots'
 * difference says who spent the CPU between them, whatever shares the machine.
 */
export function cpuByCommand(names: ReadonlyMap<number, string> = new Map()): CpuByCommand {
  const totals: CpuByCommand = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command =
        pid === String(process.pid)
          ? 'this process'
          : (names.get(Number(pid)) ?? stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      // After the command name: utime is field 14 and stime 15, in clock ticks (100 per second).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      totals.set(command, (totals.get(command) ?? 0) + seconds);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return totals;
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

/** Each command's CPU seconds between two snapshots, those that spent any. */
function spentByCommand(before: CpuByCommand, after: CpuByCommand): (readonly [string, number])[] {
  return [...after]
    .map(([command, seconds]) => [command, seconds - (before.get(command) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0);
}

function sum(spent: readonly (readonly [string, number])[]): number {
  return spent.reduce((total, [, seconds]) => total + seconds, 0);
}
