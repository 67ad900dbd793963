import type { EntityManager } from 'typeorm';
import {
  CLICKS_DEFAULT_PARTITION,
  dayRange,
  daysToEnsure,
  partitionDay,
  partitionName,
  partitionsToDrop,
  retentionCutoff,
} from '../partitions/click-partitions';
import { type Database, execute, managerOf } from './database';

export interface ClickPartition {
  readonly name: string;
  /** The UTC day it holds; null for the DEFAULT partition. */
  readonly day: Date | null;
}

export interface EnsureResult {
  /** Partitions created by this call (existing ones are left alone). */
  readonly created: string[];
  /** Clicks moved out of the DEFAULT partition into the partitions created. */
  readonly movedFromDefault: number;
}

export interface RetentionResult {
  readonly dropped: string[];
  /** Old clicks deleted from the DEFAULT partition. */
  readonly deletedFromDefault: number;
}

/**
 * Maintains the daily partitions of `clicks`, in the data source's schema. Run it daily (the
 * `ensure-partitions` command); every operation is idempotent and serialized by an advisory lock,
 * so several instances may run it at once.
 */
export class ClickPartitionRepository {
  private readonly manager: EntityManager;

  constructor(db: Database) {
    this.manager = managerOf(db);
  }

  async list(): Promise<ClickPartition[]> {
    return (await this.partitionNames()).map((name) => ({ name, day: partitionDay(name) }));
  }

  /**
   * Creates the partitions for fromDay and the `daysAhead` days after it. A day whose clicks
   * already landed in the DEFAULT partition gets them moved into its new partition.
   */
  async ensureClickPartitions(fromDay: Date, daysAhead: number): Promise<EnsureResult> {
    const created: string[] = [];
    let movedFromDefault = 0;
    for (const day of daysToEnsure(fromDay, daysAhead)) {
      const moved = await this.manager.transaction(async (tx) => {
        await lockMaintenance(tx);
        return this.ensureDay(tx, day);
      });
      if (moved !== null) {
        created.push(partitionName(day));
        movedFromDefault += moved;
      }
    }
    return { created, movedFromDefault };
  }

  /** Drops the daily partitions wholly older than `retentionDays`, and old rows of the DEFAULT one. */
  async dropClickPartitionsOlderThan(
    retentionDays: number,
    now: Date = new Date(),
  ): Promise<RetentionResult> {
    return this.manager.transaction(async (tx) => {
      await lockMaintenance(tx);
      const dropped = partitionsToDrop(await this.partitionNames(tx), retentionDays, now);
      for (const name of dropped) await execute(tx, `DROP TABLE ${name}`);
      const { rowCount } = await execute(
        tx,
        `DELETE FROM ${CLICKS_DEFAULT_PARTITION} WHERE clicked_at < $1`,
        [retentionCutoff(retentionDays, now)],
      );
      return { dropped, deletedFromDefault: rowCount };
    });
  }

  /** Returns null when the partition already existed, else how many clicks moved into it. */
  private async ensureDay(tx: EntityManager, day: Date): Promise<number | null> {
    const name = partitionName(day);
    const { from, to } = dayRange(day);
    const { rows: present } = await execute<{ present: boolean }>(
      tx,
      `SELECT to_regclass($1) IS NOT NULL AS present`,
      [name],
    );
    if (present.at(0)?.present) return null;
    // Bounds are literals (DDL takes no parameters); they come from our own ISO formatting.
    const bounds = `FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`;
    // Blocks inserts routed to DEFAULT until commit, so no click of this day slips in behind us.
    await execute(tx, `LOCK TABLE ${CLICKS_DEFAULT_PARTITION} IN SHARE ROW EXCLUSIVE MODE`);
    const { rows: stray } = await execute<{ present: boolean }>(
      tx,
      `SELECT EXISTS (SELECT 1 FROM ${CLICKS_DEFAULT_PARTITION} WHERE clicked_at >= $1 AND clicked_at < $2) AS present`,
      [from, to],
    );
    if (!stray.at(0)?.present) {
      await execute(tx, `CREATE TABLE ${name} PARTITION OF clicks FOR VALUES ${bounds}`);
      return 0;
    }
    // Postgres refuses a new partition while DEFAULT holds rows of its range: move them first.
    await execute(tx, `CREATE TABLE ${name} (LIKE clicks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    const { rowCount } = await execute(
      tx,
      `WITH moved AS (
         DELETE FROM ${CLICKS_DEFAULT_PARTITION} WHERE clicked_at >= $1 AND clicked_at < $2 RETURNING *
       )
       INSERT INTO ${name} SELECT * FROM moved`,
      [from, to],
    );
    await execute(tx, `ALTER TABLE clicks ATTACH PARTITION ${name} FOR VALUES ${bounds}`);
    return rowCount;
  }

  private async partitionNames(manager: EntityManager = this.manager): Promise<string[]> {
    const { rows } = await execute<{ name: string }>(
      manager,
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'clicks'::regclass ORDER BY c.relname`,
    );
    return rows.map((row) => row.name);
  }
}

/** One maintainer at a time per schema. */
async function lockMaintenance(tx: EntityManager): Promise<void> {
  await execute(tx, `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.clicks.partitions'))`);
}
