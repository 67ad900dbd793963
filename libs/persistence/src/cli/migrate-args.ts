/** The `migrate` command line, parsed without I/O so it is unit-tested. */
export type MigrateCommand =
  | { readonly kind: 'up' }
  | { readonly kind: 'down'; readonly all: boolean }
  | { readonly kind: 'ensure-partitions'; readonly from: Date | null; readonly daysAhead: number }
  | { readonly kind: 'drop-partitions'; readonly retentionDays: number };

export const DEFAULT_DAYS_AHEAD = 7;

export const MIGRATE_USAGE = `usage: migrate <command>
  up                                          apply pending migrations
  down [--all]                                revert the last migration (or all of them)
  ensure-partitions [--from YYYY-MM-DD] [--days-ahead N]
                                              create daily click partitions (default: today + ${DEFAULT_DAYS_AHEAD} days)
  drop-partitions --retention-days N          drop click partitions older than N days`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${MIGRATE_USAGE}`);
    this.name = 'UsageError';
  }
}

export function parseMigrateArgs(argv: readonly string[]): MigrateCommand {
  const command = argv.at(0);
  if (command === undefined) throw new UsageError('no command given');
  const flags = parseFlags(argv.slice(1));
  const take = (name: string): string | undefined => {
    const value = flags.get(name);
    flags.delete(name);
    return value;
  };
  let parsed: MigrateCommand;
  switch (command) {
    case 'up':
      parsed = { kind: 'up' };
      break;
    case 'down':
      parsed = { kind: 'down', all: take('all') === 'true' };
      break;
    case 'ensure-partitions': {
      const from = take('from');
      const daysAhead = take('days-ahead');
      parsed = {
        kind: 'ensure-partitions',
        from: from === undefined ? null : parseDay(from),
        daysAhead: daysAhead === undefined ? DEFAULT_DAYS_AHEAD : parseCount('--days-ahead', daysAhead, 0),
      };
      break;
    }
    case 'drop-partitions': {
      const retention = take('retention-days');
      if (retention === undefined) throw new UsageError('drop-partitions needs --retention-days');
      parsed = { kind: 'drop-partitions', retentionDays: parseCount('--retention-days', retention, 1) };
      break;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
  if (flags.size > 0)
    throw new UsageError(`unknown option(s) for ${command}: ${[...flags.keys()].join(', ')}`);
  return parsed;
}

/** `--name value`, `--name=value`, or a bare `--name` (= "true"). */
function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument: ${arg}`);
    const equals = arg.indexOf('=');
    const next = args.at(i + 1);
    if (equals > 0) flags.set(arg.slice(2, equals), arg.slice(equals + 1));
    else if (next !== undefined && !next.startsWith('--')) {
      flags.set(arg.slice(2), next);
      i += 1;
    } else flags.set(arg.slice(2), 'true');
  }
  return flags;
}

function parseDay(value: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--from must be a date YYYY-MM-DD, got ${value}`);
  }
  return day;
}

function parseCount(flag: string, value: string, min: number): number {
  const count = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(count) || count < min)
    throw new UsageError(`${flag} must be an integer >= ${min}, got ${value}`);
  return count;
}
