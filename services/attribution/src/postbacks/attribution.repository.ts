import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ConversionEntity,
  type ConversionStatus,
  execute,
  type PostbackOutcome,
  selectList,
  toJsonb,
  type PostbackWarning,
} from '@clickledger/persistence';
import type { ConversionIdentityKey, ConversionState } from '../core/attribution.types';
import { PENDING } from '../core/postback-log';

/** A postback log row with its final (or pending) outcome, written once per postback. */
export interface PostbackLogRow {
  readonly id: string;
  readonly receivedAt: Date;
  readonly clickId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly sourceIp: string;
  readonly warnings: readonly PostbackWarning[];
  readonly outcome: PostbackOutcome;
  readonly reason: string | null;
  /** Human text only. */
  readonly message: string | null;
  readonly conversionId: string | null;
  /** The revision this postback produced, and the status it set (accepted or status-changed). */
  readonly revision: number | null;
  readonly status: ConversionStatus | null;
  readonly originalStatus: string | null;
  /** While pending: the consumed event, re-driven once the click exists (stored with `toJsonb`). */
  readonly pendingEvent: object | null;
}

/** Everything one batch writes, in one statement. */
export interface BatchWrites {
  readonly inserts: readonly ConversionState[];
  readonly updates: readonly ConversionState[];
  readonly log: readonly PostbackLogRow[];
}

/** Rows each part of a BatchWrites statement actually wrote. */
export interface BatchWriteCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly logged: number;
}

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

  constructor(readonly dataSource: DataSource) {
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

  /**
   * A batch's writes in one statement: new conversions (explicit UUID, `ON CONFLICT DO NOTHING`),
   * new status and revision of locked ones, and each postback's log row with its outcome. A log
   * row that exists is only taken over while `pending`; a final one is left alone. The counts tell
   * the caller whether another writer got to a conversion or a log row first (then it rolls back).
   */
  async writeBatch(tx: EntityManager, writes: BatchWrites): Promise<BatchWriteCounts> {
    const { inserts, updates } = writes;
    // One lock order for every instance: two writers of the same rows wait rather than deadlock.
    const log = [...writes.log].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const insert = <T>(pick: (c: ConversionState) => T): T[] => inserts.map(pick);
    const { rows } = await execute<BatchWriteCounts>(
      tx,
      `WITH inserted AS (
         INSERT INTO conversions (id, click_id, event_type, txid, dedupe_key, revision, status, payout_amount,
                                  payout_currency, converted_at, clicked_at, campaign_id, offer_id,
                                  affiliate_network_id, traffic_source_id, external_id, vars, postback_id,
                                  original_status, test)
         SELECT * FROM unnest($1::uuid[], $2::char(26)[], $3::varchar[], $4::varchar[], $5::varchar[], $6::int[],
                              $7::conversion_status[], $8::numeric[], $9::char(3)[], $10::timestamptz[],
                              $11::timestamptz[], $12::uuid[], $13::uuid[], $14::uuid[], $15::uuid[],
                              $16::varchar[], $17::jsonb[], $18::uuid[], $33::varchar[], $41::boolean[])
         ON CONFLICT (click_id, event_type, dedupe_key) DO NOTHING
         RETURNING 1
       ), updated AS (
         UPDATE conversions c
         SET status = u.status, revision = u.revision, postback_id = u.postback_id,
             payout_amount = u.payout_amount, payout_currency = u.payout_currency,
             original_status = u.original_status, updated_at = now()
         FROM unnest($19::uuid[], $20::conversion_status[], $21::int[], $22::uuid[], $34::numeric[], $35::char(3)[],
                     $36::varchar[]) AS u(id, status, revision, postback_id, payout_amount, payout_currency, original_status)
         WHERE c.id = u.id
         RETURNING 1
       ), logged AS (
         INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message, conversion_id,
                                   warnings, params, source_ip, revision, status, original_status, pending_event)
         SELECT * FROM unnest($23::uuid[], $24::timestamptz[], $25::varchar[], $26::varchar[], $27::varchar[],
                              $28::text[], $29::uuid[], $30::jsonb[], $31::jsonb[], $32::inet[], $37::int[],
                              $38::conversion_status[], $39::varchar[], $40::jsonb[])
         ON CONFLICT (id) DO UPDATE
           SET outcome = excluded.outcome, reason = excluded.reason, message = excluded.message,
               conversion_id = excluded.conversion_id, revision = excluded.revision, status = excluded.status,
               original_status = excluded.original_status, pending_event = excluded.pending_event
           WHERE postback_log.outcome = '${PENDING}'
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted)::int AS inserted,
              (SELECT count(*) FROM updated)::int AS updated,
              (SELECT count(*) FROM logged)::int AS logged`,
      [
        insert((c) => c.id),
        insert((c) => c.clickId),
        insert((c) => c.eventType),
        insert((c) => c.txid),
        insert((c) => c.dedupeKey),
        insert((c) => c.revision),
        insert((c) => c.status),
        insert((c) => c.payoutAmount),
        insert((c) => c.payoutCurrency),
        insert((c) => c.convertedAt.toISOString()),
        insert((c) => c.clickedAt.toISOString()),
        insert((c) => c.campaignId),
        insert((c) => c.offerId),
        insert((c) => c.affiliateNetworkId),
        insert((c) => c.trafficSourceId),
        insert((c) => c.externalId),
        insert((c) => toJsonb(c.vars)),
        insert((c) => c.postbackId),
        updates.map((c) => c.id),
        updates.map((c) => c.status),
        updates.map((c) => c.revision),
        updates.map((c) => c.postbackId),
        log.map((l) => l.id),
        log.map((l) => l.receivedAt.toISOString()),
        log.map((l) => l.clickId),
        log.map((l) => l.outcome),
        log.map((l) => l.reason),
        log.map((l) => l.message),
        log.map((l) => l.conversionId),
        log.map((l) => toJsonb(l.warnings)),
        log.map((l) => toJsonb(l.params)),
        log.map((l) => l.sourceIp),
        insert((c) => c.originalStatus),
        updates.map((c) => c.payoutAmount),
        updates.map((c) => c.payoutCurrency),
        updates.map((c) => c.originalStatus),
        log.map((l) => l.revision),
        log.map((l) => l.status),
        log.map((l) => l.originalStatus),
        log.map((l) => (l.pendingEvent === null ? null : toJsonb(l.pendingEvent))),
        insert((c) => c.test ?? false),
      ],
    );
    const counts = rows.at(0);
    if (!counts) throw new Error('batch write returned no counts');
    return counts;
  }

  /** Postbacks still waiting (pending) for any of these clicks: later ones must queue behind them. */
  async pendingForClicks(clickIds: readonly string[]): Promise<PendingEntry[]> {
    if (clickIds.length === 0) return [];
    const { rows } = await execute<PendingEntry>(
      this.dataSource.manager,
      `SELECT id, click_id AS "clickId", received_at AS "receivedAt" FROM postback_log
       WHERE outcome = $1 AND click_id = ANY($2::text[])`,
      [PENDING, [...new Set(clickIds)]],
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
