import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  SourcePostbackAttemptEntity,
  SourcePostbackEntity,
  type SourcePostbackAttemptOutcome,
  type SourcePostbackOutcome,
} from '../entities/source-postback.entity';
import { type Page, type PageRequest, pageSize, toPage } from '../pagination/cursor';
import { int4Array, timestamptzArray, uuidArray } from './binary-arrays';
import { type Database, execute, managerOf, selectList } from './database';
import { SqlFilter } from './sql-filter';

export interface NewSourcePostback {
  readonly conversionId: string;
  readonly revision: number;
  readonly clickId: string;
  readonly campaignId: string;
  readonly trafficSourceId: string;
  readonly conversionStatus: string;
  readonly method: string;
  readonly url: string;
  readonly host: string;
  /** `pending` to be sent; `failed` for a delivery that can never be sent (its reason in lastError). */
  readonly outcome: 'pending' | 'failed';
  readonly giveUpAt: Date;
  readonly lastError?: string | null;
}

export interface ClaimRequest {
  /** Most deliveries to claim. */
  readonly limit: number;
  /** Most deliveries per host in this claim (the caller passes each host's free slots below). */
  readonly perHost: number;
  /** Free slots per host; a host absent from the map has `perHost`. 0 or less: skip the host. */
  readonly hostSlots: ReadonlyMap<string, number>;
  /** A claimed delivery is not handed out again before this lease ends (a crashed sender's lease expires). */
  readonly leaseMs: number;
}

export interface AttemptRecord {
  readonly deliveryId: string;
  /** The `attempts` value of the claim: a stale sender (lease lost) cannot overwrite a newer attempt. */
  readonly attempt: number;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly method: string;
  readonly url: string;
  readonly statusCode: number | null;
  readonly responseExcerpt: string | null;
  readonly error: string | null;
  readonly outcome: SourcePostbackAttemptOutcome;
  /** With `retry`: when the next attempt may start. */
  readonly nextAttemptAt: Date | null;
}

export interface SourcePostbackFilter extends PageRequest {
  readonly conversionId?: string;
  readonly trafficSourceId?: string;
  readonly outcome?: string;
  /** created_at >= from */
  readonly from?: Date;
  /** created_at < to */
  readonly to?: Date;
}

/** Retry period a manual resend gets (the service's default SOURCE_POSTBACK_RETRY_FOR). */
export const SOURCE_POSTBACK_RESEND_RETRY_FOR_MS = 24 * 3_600_000;

/** SHA-256 of the URL, hex: the delivery's identity within (conversion, revision). */
export const sourcePostbackUrlHash = (url: string): string => createHash('sha256').update(url).digest('hex');

const INSERT_DELIVERIES = `
  INSERT INTO source_postbacks (conversion_id, revision, click_id, campaign_id, traffic_source_id,
                                conversion_status, method, url, url_hash, host, outcome, next_attempt_at,
                                give_up_at, last_error)
  SELECT d.conversion_id, d.revision, d.click_id, d.campaign_id, d.traffic_source_id, d.conversion_status,
         d.method, d.url, d.url_hash, d.host, d.outcome,
         CASE WHEN d.outcome = 'pending' THEN now() END, d.give_up_at, d.last_error
  FROM (SELECT unnest($1::uuid[]) AS conversion_id, unnest($2::int[]) AS revision,
               unnest($3::char(26)[]) AS click_id, unnest($4::uuid[]) AS campaign_id,
               unnest($5::uuid[]) AS traffic_source_id, unnest($6::varchar[]) AS conversion_status,
               unnest($7::varchar[]) AS method, unnest($8::text[]) AS url, unnest($9::char(64)[]) AS url_hash,
               unnest($10::varchar[]) AS host, unnest($11::varchar[]) AS outcome,
               unnest($12::timestamptz[]) AS give_up_at, unnest($13::text[]) AS last_error) AS d
  ON CONFLICT (conversion_id, revision, url_hash) DO NOTHING`;

/**
 * Due deliveries, fairly across hosts: at most `perHost` per host (so one host's backlog cannot
 * fill the claim), locked with SKIP LOCKED so concurrent senders never claim the same row.
 */
const SELECT_DUE = `
  WITH hosts AS (
    SELECT DISTINCT host FROM source_postbacks
    WHERE outcome = 'pending' AND next_attempt_at <= now() AND NOT (host = ANY($1::varchar[]))
  )
  SELECT due.id, due.host FROM hosts, LATERAL (
    SELECT id, host, next_attempt_at FROM source_postbacks s
    WHERE s.host = hosts.host AND s.outcome = 'pending' AND s.next_attempt_at <= now()
    ORDER BY s.next_attempt_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ) due
  ORDER BY due.next_attempt_at
  LIMIT $3`;

export class SourcePostbackRepository {
  private readonly manager: EntityManager;
  private readonly columns: string;
  private readonly attemptColumns: string;

  constructor(db: Database) {
    this.manager = managerOf(db);
    this.columns = selectList(this.manager, SourcePostbackEntity);
    this.attemptColumns = selectList(this.manager, SourcePostbackAttemptEntity);
  }

  /** Stores the deliveries not stored yet (by conversion, revision and URL); returns how many were new. */
  async insertMany(deliveries: readonly NewSourcePostback[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const column = <T>(pick: (d: NewSourcePostback) => T): T[] => deliveries.map(pick);
    const { rowCount } = await execute(this.manager, INSERT_DELIVERIES, [
      uuidArray(column((d) => d.conversionId)),
      int4Array(column((d) => d.revision)),
      column((d) => d.clickId),
      uuidArray(column((d) => d.campaignId)),
      uuidArray(column((d) => d.trafficSourceId)),
      column((d) => d.conversionStatus),
      column((d) => d.method),
      column((d) => d.url),
      column((d) => sourcePostbackUrlHash(d.url)),
      column((d) => d.host),
      column((d) => d.outcome),
      timestamptzArray(column((d) => d.giveUpAt)),
      column((d) => d.lastError ?? null),
    ]);
    return rowCount;
  }

  /**
   * Claims due deliveries: each gets `attempts + 1` and a lease (`next_attempt_at = now + lease`),
   * so another sender takes it over only if this one dies without recording the attempt.
   */
  async claimDue(request: ClaimRequest): Promise<SourcePostbackEntity[]> {
    if (request.limit <= 0) return [];
    const skip = [...request.hostSlots].filter(([, slots]) => slots <= 0).map(([host]) => host);
    return this.manager.transaction(async (tx) => {
      const { rows } = await execute<{ id: string; host: string }>(tx, SELECT_DUE, [
        skip,
        request.perHost,
        request.limit,
      ]);
      const taken = new Map<string, number>();
      const ids: string[] = [];
      for (const row of rows) {
        const count = taken.get(row.host) ?? 0;
        if (count >= (request.hostSlots.get(row.host) ?? request.perHost)) continue;
        taken.set(row.host, count + 1);
        ids.push(row.id);
      }
      if (ids.length === 0) return [];
      const claimed = await execute<SourcePostbackEntity>(
        tx,
        `UPDATE source_postbacks
         SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
             updated_at = now()
         WHERE id = ANY($1::uuid[])
         RETURNING ${this.columns}`,
        [ids, request.leaseMs],
      );
      return claimed.rows;
    });
  }

  /**
   * Stores an attempt and the delivery's new state in one transaction; false (and nothing written)
   * when the delivery was claimed again meanwhile (this sender's lease ran out) or resent.
   */
  async recordAttempt(record: AttemptRecord): Promise<boolean> {
    const outcome: SourcePostbackOutcome = record.outcome === 'retry' ? 'pending' : record.outcome;
    return this.manager.transaction(async (tx) => {
      const updated = await execute(
        tx,
        `UPDATE source_postbacks
         SET outcome = $3::varchar, next_attempt_at = $4::timestamptz, last_status_code = $5::int,
             last_error = $6::text, updated_at = now(),
             delivered_at = CASE WHEN $3::varchar = 'delivered' THEN now() ELSE delivered_at END
         WHERE id = $1 AND attempts = $2 AND outcome = 'pending'`,
        [
          record.deliveryId,
          record.attempt,
          outcome,
          record.nextAttemptAt?.toISOString() ?? null,
          record.statusCode,
          record.error,
        ],
      );
      if (updated.rowCount === 0) return false;
      await execute(
        tx,
        `INSERT INTO source_postback_attempts (delivery_id, attempt, started_at, duration_ms, method, url,
                                               status_code, response_excerpt, error, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [
          record.deliveryId,
          record.attempt,
          record.startedAt.toISOString(),
          Math.round(record.durationMs),
          record.method,
          record.url,
          record.statusCode,
          record.responseExcerpt,
          record.error,
          record.outcome,
        ],
      );
      return true;
    });
  }

  /**
   * Moves a host's due deliveries to `until` (its circuit is open): the scheduler's scan then skips
   * them in the index instead of reading them at every claim. Rows under a claim lease that ends
   * earlier move too; their sender records its attempt whatever `next_attempt_at` says.
   */
  async deferHost(host: string, until: Date): Promise<number> {
    const { rowCount } = await execute(
      this.manager,
      `UPDATE source_postbacks SET next_attempt_at = $2, updated_at = now()
       WHERE host = $1 AND outcome = 'pending' AND next_attempt_at < $2`,
      [host, until.toISOString()],
    );
    return rowCount;
  }

  /** Pending deliveries whose retry time is over (e.g. their host's circuit stayed open): `expired`. */
  async expireOverdue(): Promise<number> {
    const { rowCount } = await execute(
      this.manager,
      `UPDATE source_postbacks
       SET outcome = 'expired', next_attempt_at = NULL, updated_at = now(),
           last_error = coalesce(last_error, 'retry time is over')
       WHERE outcome = 'pending' AND give_up_at < now() AND next_attempt_at <= now()`,
    );
    return rowCount;
  }

  /**
   * Sends the delivery again as soon as a sender is free, whatever its outcome, with a fresh
   * retry period; null when no delivery has this id.
   */
  async resend(id: string, retryForMs: number): Promise<SourcePostbackEntity | null> {
    const { rows } = await execute<SourcePostbackEntity>(
      this.manager,
      `UPDATE source_postbacks
       SET outcome = 'pending', next_attempt_at = now(), updated_at = now(),
           give_up_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = $1
       RETURNING ${this.columns}`,
      [id, retryForMs],
    );
    return rows.at(0) ?? null;
  }

  async findById(id: string): Promise<SourcePostbackEntity | null> {
    const { rows } = await execute<SourcePostbackEntity>(
      this.manager,
      `SELECT ${this.columns} FROM source_postbacks WHERE id = $1`,
      [id],
    );
    return rows.at(0) ?? null;
  }

  /** Attempts of these deliveries, oldest first. */
  async attemptsOf(deliveryIds: readonly string[]): Promise<SourcePostbackAttemptEntity[]> {
    if (deliveryIds.length === 0) return [];
    const { rows } = await execute<SourcePostbackAttemptEntity>(
      this.manager,
      `SELECT ${this.attemptColumns} FROM source_postback_attempts WHERE delivery_id = ANY($1::uuid[])
       ORDER BY delivery_id, attempt`,
      [deliveryIds],
    );
    return rows;
  }

  /** Newest delivery first, paged by (created_at, id). */
  async list(filter: SourcePostbackFilter = {}): Promise<Page<SourcePostbackEntity>> {
    const size = pageSize(filter.limit);
    const conditions = new SqlFilter()
      .where(filter.conversionId, (p) => `conversion_id = ${p}`)
      .where(filter.trafficSourceId, (p) => `traffic_source_id = ${p}`)
      .where(filter.outcome, (p) => `outcome = ${p}`)
      .where(filter.from, (p) => `created_at >= ${p}`)
      .where(filter.to, (p) => `created_at < ${p}`)
      .after(filter.cursor, 'created_at');
    const limit = conditions.param(size + 1);
    const { rows } = await execute<SourcePostbackEntity>(
      this.manager,
      `SELECT ${this.columns} FROM source_postbacks ${conditions.clause}
       ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      conditions.params,
    );
    return toPage(rows, size, (row) => ({ at: row.createdAt, id: row.id }));
  }
}
