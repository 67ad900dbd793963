import type { EntityManager } from 'typeorm';
import { ConversionEntity, type ConversionStatus } from '../entities/conversion.entity';
import type { PostbackOutcome, PostbackWarning } from '../entities/postback-log-entry.entity';
import type { VariableValues } from '../entities/traffic-source.entity';
import { type Page, type PageRequest, pageSize, toPage } from '../pagination/cursor';
import { boolArray, int4Array, timestamptzArray, uuidArray } from './binary-arrays';
import { compareConversionIdentity, compareText } from './write-order';
import { type Database, execute, jsonbElements, managerOf, selectList } from './database';
import { SqlFilter } from './sql-filter';

export interface ConversionIdentity {
  readonly clickId: string;
  readonly eventType: string;
  /** txid, or '' without one, or the postback ID when the network accepts duplicate postbacks. */
  readonly dedupeKey: string;
}

export interface NewConversion extends ConversionIdentity {
  readonly txid: string | null;
  readonly status: ConversionStatus;
  /** The network's own status value, when it sent one. */
  readonly originalStatus?: string | null;
  /** Decimal string. */
  readonly payoutAmount: string;
  readonly payoutCurrency: string;
  readonly convertedAt: Date;
  readonly clickedAt: Date;
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
  readonly externalId: string | null;
  readonly vars: VariableValues;
  readonly postbackId: string | null;
  /** Made by the test-postback tool (default false). */
  readonly test?: boolean;
  /** The click's visitor fields (null when unknown). */
  readonly country: string | null;
  readonly device: string | null;
  readonly os: string | null;
  readonly browser: string | null;
}

/** A conversion at one revision, as the attribution writes it (its id chosen by the writer). */
export interface StoredConversion extends NewConversion {
  readonly id: string;
  readonly revision: number;
  readonly postbackId: string;
  readonly originalStatus: string | null;
}

/** A postback log row with its final (or pending) outcome, written once per postback. */
export interface PostbackLogWrite {
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
  /** While pending: the consumed event, re-driven once the click exists (stored as jsonb). */
  readonly pendingEvent: object | null;
}

/** Everything one attribution batch writes, in one statement. */
export interface BatchWrites {
  readonly inserts: readonly StoredConversion[];
  readonly updates: readonly StoredConversion[];
  readonly log: readonly PostbackLogWrite[];
  /**
   * `pending-only` (default): a log row that exists is taken over only while pending; a final one
   * is left alone (another writer applied that postback). `rewrite`: the rows are this
   * transaction's own, written by an earlier statement of it, and are replaced whatever they hold.
   */
  readonly existingLog?: 'pending-only' | 'rewrite';
}

/** Rows each part of a BatchWrites statement actually wrote. */
export interface BatchWriteCounts {
  readonly inserted: number;
  /** Ids of the new conversions not inserted: their identity was stored already. Usually none. */
  readonly skippedIds: readonly string[];
  readonly updated: number;
  readonly logged: number;
}

export interface ConversionFilter extends PageRequest {
  readonly clickId?: string;
  readonly campaignId?: string;
  /** converted_at >= from */
  readonly from?: Date;
  /** converted_at < to */
  readonly to?: Date;
}

/** Conversions: written by the attribution (writeBatch), read by the API. */
export class ConversionRepository {
  private readonly manager: EntityManager;
  private readonly columns: string;

  constructor(db: Database) {
    this.manager = managerOf(db);
    this.columns = selectList(this.manager, ConversionEntity);
  }

  /**
   * The attribution's writes for one batch, in one statement (its only conversion write path): new
   * conversions (explicit UUID, `ON CONFLICT DO NOTHING` on their identity), new status and revision
   * of locked ones, and each postback's log row with its outcome. A log row that exists is only
   * taken over while `pending`, unless `existingLog` says `rewrite`. The counts, and the ids of the new
   * conversions not inserted, tell the caller whether a conversion or a log row existed
   * already (another writer got there first, or an identity it assumed new was not).
   */
  async writeBatch(writes: BatchWrites, tx: EntityManager = this.manager): Promise<BatchWriteCounts> {
    const { updates } = writes;
    // One lock order for every instance: two writers of the same rows wait rather than deadlock
    // (a new conversion's identity is locked by its insertion, a log row by its id). The final
    // SELECT runs the parts in its order: every identity is locked before the first log row.
    const inserts = [...writes.inserts].sort(compareConversionIdentity);
    const log = [...writes.log].sort((a, b) => compareText(a.id, b.id));
    const insert = <T>(pick: (c: StoredConversion) => T): T[] => inserts.map(pick);
    const { rows } = await execute<BatchWriteCounts>(
      tx,
      `WITH inserted AS (
         INSERT INTO conversions (id, click_id, event_type, txid, dedupe_key, revision, status, payout_amount,
                                  payout_currency, converted_at, clicked_at, campaign_id, offer_id,
                                  affiliate_network_id, traffic_source_id, external_id, vars, postback_id,
                                  original_status, test, country, device, os, browser)
         SELECT unnest($1::uuid[]), unnest($2::char(26)[]), unnest($3::varchar[]), unnest($4::varchar[]),
                unnest($5::varchar[]), unnest($6::int[]), unnest($7::conversion_status[]), unnest($8::numeric[]),
                unnest($9::char(3)[]), unnest($10::timestamptz[]), unnest($11::timestamptz[]), unnest($12::uuid[]),
                unnest($13::uuid[]), unnest($14::uuid[]), unnest($15::uuid[]), unnest($16::varchar[]),
                jsonb_array_elements($17::jsonb), unnest($18::uuid[]), unnest($33::varchar[]), unnest($41::boolean[]),
                unnest($42::char(2)[]), unnest($43::varchar[]), unnest($44::varchar[]), unnest($45::varchar[])
         ON CONFLICT (click_id, event_type, dedupe_key) DO NOTHING
         RETURNING id
       ), updated AS (
         UPDATE conversions c
         SET status = u.status, revision = u.revision, postback_id = u.postback_id,
             payout_amount = u.payout_amount, payout_currency = u.payout_currency,
             original_status = u.original_status, updated_at = now()
         FROM (SELECT unnest($19::uuid[]) AS id, unnest($20::conversion_status[]) AS status,
                      unnest($21::int[]) AS revision, unnest($22::uuid[]) AS postback_id,
                      unnest($34::numeric[]) AS payout_amount, unnest($35::char(3)[]) AS payout_currency,
                      unnest($36::varchar[]) AS original_status) AS u
         WHERE c.id = u.id
         RETURNING 1
       ), logged AS (
         INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message, conversion_id,
                                   warnings, params, source_ip, revision, status, original_status, pending_event)
         SELECT l.id, l.received_at, l.click_id, l.outcome, l.reason, l.message, l.conversion_id, l.warnings,
                l.params, l.source_ip, l.revision, l.status, l.original_status, NULLIF(l.pending_event, 'null'::jsonb)
         FROM (SELECT unnest($23::uuid[]) AS id, unnest($24::timestamptz[]) AS received_at,
                      unnest($25::varchar[]) AS click_id, unnest($26::varchar[]) AS outcome,
                      unnest($27::varchar[]) AS reason, unnest($28::text[]) AS message,
                      unnest($29::uuid[]) AS conversion_id, jsonb_array_elements($30::jsonb) AS warnings,
                      jsonb_array_elements($31::jsonb) AS params, unnest($32::inet[]) AS source_ip,
                      unnest($37::int[]) AS revision, unnest($38::conversion_status[]) AS status,
                      unnest($39::varchar[]) AS original_status, jsonb_array_elements($40::jsonb) AS pending_event) AS l
         ON CONFLICT (id) DO UPDATE
           SET outcome = excluded.outcome, reason = excluded.reason, message = excluded.message,
               conversion_id = excluded.conversion_id, revision = excluded.revision, status = excluded.status,
               original_status = excluded.original_status, pending_event = excluded.pending_event
           WHERE postback_log.outcome = 'pending' OR $46::boolean
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted)::int AS inserted,
              (SELECT coalesce(array_agg(n.id::text), '{}') FROM unnest($1::uuid[]) AS n(id)
                WHERE n.id NOT IN (SELECT id FROM inserted)) AS "skippedIds",
              (SELECT count(*) FROM updated)::int AS updated,
              (SELECT count(*) FROM logged)::int AS logged`,
      [
        uuidArray(insert((c) => c.id)),
        insert((c) => c.clickId),
        insert((c) => c.eventType),
        insert((c) => c.txid),
        insert((c) => c.dedupeKey),
        int4Array(insert((c) => c.revision)),
        insert((c) => c.status),
        insert((c) => c.payoutAmount),
        insert((c) => c.payoutCurrency),
        timestamptzArray(insert((c) => c.convertedAt)),
        timestamptzArray(insert((c) => c.clickedAt)),
        uuidArray(insert((c) => c.campaignId)),
        uuidArray(insert((c) => c.offerId)),
        uuidArray(insert((c) => c.affiliateNetworkId)),
        uuidArray(insert((c) => c.trafficSourceId)),
        insert((c) => c.externalId),
        jsonbElements(insert((c) => c.vars)),
        uuidArray(insert((c) => c.postbackId)),
        uuidArray(updates.map((c) => c.id)),
        updates.map((c) => c.status),
        int4Array(updates.map((c) => c.revision)),
        uuidArray(updates.map((c) => c.postbackId)),
        uuidArray(log.map((l) => l.id)),
        timestamptzArray(log.map((l) => l.receivedAt)),
        log.map((l) => l.clickId),
        log.map((l) => l.outcome),
        log.map((l) => l.reason),
        log.map((l) => l.message),
        uuidArray(log.map((l) => l.conversionId)),
        jsonbElements(log.map((l) => l.warnings)),
        jsonbElements(log.map((l) => l.params)),
        log.map((l) => l.sourceIp),
        insert((c) => c.originalStatus),
        updates.map((c) => c.payoutAmount),
        updates.map((c) => c.payoutCurrency),
        updates.map((c) => c.originalStatus),
        int4Array(log.map((l) => l.revision)),
        log.map((l) => l.status),
        log.map((l) => l.originalStatus),
        jsonbElements(log.map((l) => l.pendingEvent)),
        boolArray(insert((c) => c.test ?? false)),
        insert((c) => c.country),
        insert((c) => c.device),
        insert((c) => c.os),
        insert((c) => c.browser),
        writes.existingLog === 'rewrite',
      ],
    );
    const counts = rows.at(0);
    if (!counts) throw new Error('batch write returned no counts');
    return counts;
  }

  async findById(id: string): Promise<ConversionEntity | null> {
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `SELECT ${this.columns} FROM conversions WHERE id = $1`,
      [id],
    );
    return rows.at(0) ?? null;
  }

  /** Newest conversion first, paged by (converted_at, id). */
  async list(filter: ConversionFilter = {}): Promise<Page<ConversionEntity>> {
    const size = pageSize(filter.limit);
    const conditions = new SqlFilter()
      .where(filter.clickId, (p) => `click_id = ${p}`)
      .where(filter.campaignId, (p) => `campaign_id = ${p}`)
      .where(filter.from, (p) => `converted_at >= ${p}`)
      .where(filter.to, (p) => `converted_at < ${p}`)
      .after(filter.cursor, 'converted_at');
    const limit = conditions.param(size + 1);
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `SELECT ${this.columns} FROM conversions ${conditions.clause} ORDER BY converted_at DESC, id DESC LIMIT ${limit}`,
      conditions.params,
    );
    return toPage(rows, size, (row) => ({ at: row.convertedAt, id: row.id }));
  }
}
