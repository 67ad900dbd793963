import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type BatchWriteCounts,
  type BatchWrites,
  ConversionEntity,
  ConversionRepository,
  type ConversionStatus,
  execute,
  type PostbackOutcome,
  selectList,
} from '@clickledger/persistence';
import type { ConversionIdentityKey, ConversionState } from '../core/attribution.types';
import { PENDING } from '../core/postback-log';

/** A postback log row with its final (or pending) outcome, written once per postback. */
export type { PostbackLogWrite as PostbackLogRow } from '@clickledger/persistence';

export interface StoredLogEntry {
  readonly id: string;
  readonly outcome: PostbackOutcome;
  readonly conversionId: string | null;
  readonly revision: number | null;
  readonly status: ConversionStatus | null;
  readonly originalStatus: string | null;
}

export interface PendingEntry {
  readonly id: string;
  readonly clickId: string;
  readonly receivedAt: Date;
}

/**
 * The attribution join's SQL, batch-sized: a fixed number of statements per batch whatever its
 * size (rows travel as arrays zipped by unnest), all inside the caller's transaction.
 */
@Injectable()
export class AttributionRepository {
  private readonly conversionColumns: string;

  constructor(
    readonly dataSource: DataSource,
    private readonly conversions: ConversionRepository,
  ) {
    this.conversionColumns = selectList(dataSource.manager, ConversionEntity, 'c');
  }

  /**
   * One transaction per batch. Postgres's default isolation, READ COMMITTED, is what the writes
   * rely on (locked rows re-read at their latest version); not set explicitly, which would cost a
   * round trip per batch.
   */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The ids among `ids` whose log row holds a final outcome: those postbacks were applied before
   * (a redelivery) and must not be applied again. Pending rows are not final.
   */
  async appliedPostbackIds(tx: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await execute<{ id: string }>(
      tx,
      `SELECT id FROM postback_log WHERE id = ANY($1::uuid[]) AND outcome <> '${PENDING}'`,
      [[...ids]],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The stored conversions of these identities, locked until the transaction ends. */
  async lockConversions(
    tx: EntityManager,
    identities: readonly ConversionIdentityKey[],
  ): Promise<ConversionState[]> {
    if (identities.length === 0) return [];
    const { rows } = await execute<ConversionState>(
      tx,
      `SELECT ${this.conversionColumns} FROM conversions c
       WHERE (c.click_id, c.event_type, c.dedupe_key) IN
             (SELECT * FROM unnest($1::char(26)[], $2::varchar[], $3::varchar[]))
       ORDER BY c.id
       FOR UPDATE OF c`,
      [
        identities.map((i) => i.clickId),
        identities.map((i) => i.eventType),
        identities.map((i) => i.dedupeKey),
      ],
    );
    return rows;
  }

  /** This batch's conversions and log rows, in one statement (see ConversionRepository.writeBatch). */
  writeBatch(tx: EntityManager, writes: BatchWrites): Promise<BatchWriteCounts> {
    return this.conversions.writeBatch(writes, tx);
  }

  /** Postbacks still waiting (pending) for any of these clicks: later ones must queue behind them. */
  async pendingForClicks(clickIds: readonly string[]): Promise<PendingEntry[]> {
    if (clickIds.length === 0) return [];
    const { rows } = await execute<PendingEntry>(
      this.dataSource.manager,
      // The outcome as a literal: the index it reads holds only postbacks not accepted, which
      // the planner can prove of a constant, not of a parameter in a generic plan.
      `SELECT id, click_id AS "clickId", received_at AS "receivedAt" FROM postback_log
       WHERE outcome = '${PENDING}' AND click_id = ANY($1::text[])`,
      [[...new Set(clickIds)]],
    );
    return rows;
  }

  async findLogEntries(ids: readonly string[]): Promise<StoredLogEntry[]> {
    if (ids.length === 0) return [];
    const { rows } = await execute<StoredLogEntry>(
      this.dataSource.manager,
      `SELECT id, outcome, conversion_id AS "conversionId", revision, status, original_status AS "originalStatus"
       FROM postback_log WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return rows;
  }

  async findConversions(ids: readonly string[]): Promise<ConversionState[]> {
    if (ids.length === 0) return [];
    const { rows } = await execute<ConversionState>(
      this.dataSource.manager,
      `SELECT ${this.conversionColumns} FROM conversions c WHERE c.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return rows;
  }
}
