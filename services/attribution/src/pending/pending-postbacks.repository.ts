import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '@clickledger/persistence';
import { AWAITING_CLICK, PENDING, PENDING_CORRELATION_KEY } from '../core/postback-log';

export interface PendingPostback {
  readonly id: string;
  readonly clickId: string;
  readonly receivedAt: Date;
  /** The `postbacks.received.v1` event, as consumed. */
  readonly event: string;
  /** The correlation id its message carried, if any. */
  readonly correlationId: string | null;
}

/** Pending postbacks live in the postback log (outcome `pending`): Postgres, not Redis, holds them. */
@Injectable()
export class PendingPostbacksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` when no other instance is scanning (one scanner at a time per schema), else returns null. */
  async exclusively<T>(work: (tx: EntityManager) => Promise<T>): Promise<T | null> {
    return this.dataSource.transaction(async (tx) => {
      const { rows } = await execute<{ locked: boolean }>(
        tx,
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.attribution.pending-scan')) AS locked`,
      );
      return rows.at(0)?.locked ? work(tx) : null;
    });
  }

  /** Oldest first; served by the (outcome, reason, received_at) index. */
  async oldest(tx: EntityManager, limit: number): Promise<PendingPostback[]> {
    const { rows } = await execute<PendingPostback>(
      tx,
      `SELECT id, click_id AS "clickId", received_at AS "receivedAt", (pending_event - $4)::text AS event,
              pending_event->>$4 AS "correlationId"
       FROM postback_log WHERE outcome = $1 AND reason = $2 ORDER BY received_at, id LIMIT $3`,
      [PENDING, AWAITING_CLICK, limit, PENDING_CORRELATION_KEY],
    );
    return rows;
  }

  async count(tx: EntityManager): Promise<number> {
    const { rows } = await execute<{ count: string }>(
      tx,
      `SELECT count(*)::text AS count FROM postback_log WHERE outcome = $1 AND reason = $2`,
      [PENDING, AWAITING_CLICK],
    );
    return Number(rows.at(0)?.count ?? 0);
  }

  /** Gives up on postbacks still pending: `click-not-found`. Returns how many. */
  async expire(tx: EntityManager, ids: readonly string[], message: string): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await execute(
      tx,
      `UPDATE postback_log SET outcome = 'rejected', reason = 'click-not-found', message = $2, pending_event = NULL
       WHERE id = ANY($1::uuid[]) AND outcome = $3`,
      [[...ids], message, PENDING],
    );
    return rowCount;
  }
}
