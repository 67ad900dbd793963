import { createDataSource, revertAll, revertLast, runMigrations } from '../data-source';
import { ClickPartitionRepository } from '../repositories/click-partition.repository';
import { type MigrateCommand, parseMigrateArgs, UsageError } from './migrate-args';

export interface MigrateOptions {
  /** From DATABASE_URL, read by the caller's configuration (never here). */
  readonly databaseUrl: string;
  readonly schema?: string;
  /** Where progress lines go (default: stdout). */
  readonly log?: (line: string) => void;
  /** The clock for `ensure-partitions` and `drop-partitions` (default: now). */
  readonly now?: () => Date;
}

/**
 * `migrate up | down [--all] | ensure-partitions | drop-partitions`: the explicit schema
 * commands (the services never migrate on their own). Returns the process exit code:
 * 0 done, 2 bad usage; database errors are thrown.
 */
export async function migrateCommand(argv: readonly string[], options: MigrateOptions): Promise<number> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  let command: MigrateCommand;
  try {
    command = parseMigrateArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      log(error.message);
      return 2;
    }
    throw error;
  }
  await run(command, options, log);
  return 0;
}

async function run(
  command: MigrateCommand,
  options: MigrateOptions,
  log: (line: string) => void,
): Promise<void> {
  const target = { url: options.databaseUrl, schema: options.schema };
  const now = options.now?.() ?? new Date();
  switch (command.kind) {
    case 'up': {
      const applied = await runMigrations(target);
      log(
        applied.length === 0 ? 'no pending migrations' : applied.map((name) => `applied ${name}`).join('\n'),
      );
      return;
    }
    case 'down':
      if (command.all) log(`reverted ${await revertAll(target)} migration(s)`);
      else log((await revertLast(target)) ? 'reverted the last migration' : 'no migration to revert');
      return;
    case 'ensure-partitions': {
      const result = await withPartitions(options, (partitions) =>
        partitions.ensureClickPartitions(command.from ?? now, command.daysAhead),
      );
      log(
        `created ${result.created.length} click partition(s)${result.created.length > 0 ? `: ${result.created.join(', ')}` : ''}; ` +
          `moved ${result.movedFromDefault} click(s) out of the default partition`,
      );
      return;
    }
    case 'drop-partitions': {
      const result = await withPartitions(options, (partitions) =>
        partitions.dropClickPartitionsOlderThan(command.retentionDays, now),
      );
      log(
        `dropped ${result.dropped.length} click partition(s)${result.dropped.length > 0 ? `: ${result.dropped.join(', ')}` : ''}; ` +
          `deleted ${result.deletedFromDefault} old click(s) from the default partition`,
      );
      return;
    }
  }
}

async function withPartitions<T>(
  options: MigrateOptions,
  work: (partitions: ClickPartitionRepository) => Promise<T>,
): Promise<T> {
  const db = createDataSource({ url: options.databaseUrl, schema: options.schema, poolSize: 1 });
  await db.initialize();
  try {
    return await work(new ClickPartitionRepository(db));
  } finally {
    await db.destroy();
  }
}
