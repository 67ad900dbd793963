import type { EntityManager } from 'typeorm';
import { ConversionEntity, type ConversionStatus } from '../entities/conversion.entity';
import type { VariableValues } from '../entities/traffic-source.entity';
import { type Page, type PageRequest, pageSize, toPage } from '../pagination/cursor';
import { type Database, execute, managerOf, selectList, toJsonb } from './database';
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
}

export interface InsertIfAbsentResult {
  /** True when this call stored the conversion; false when its identity already existed. */
  readonly created: boolean;
  /** The stored conversion: the new one, or the existing one untouched. */
  readonly conversion: ConversionEntity;
}

export interface StatusChange {
  readonly conversionId: string;
  readonly status: ConversionStatus;
  readonly postbackId?: string | null;
}

export interface ConversionFilter extends PageRequest {
  readonly clickId?: string;
  readonly campaignId?: string;
  /** converted_at >= from */
  readonly from?: Date;
  /** converted_at < to */
  readonly to?: Date;
}

const INSERT_COLUMNS = [
  'click_id',
  'event_type',
  'txid',
  'dedupe_key',
  'status',
  'payout_amount',
  'payout_currency',
  'converted_at',
  'clicked_at',
  'campaign_id',
  'offer_id',
  'affiliate_network_id',
  'traffic_source_id',
  'external_id',
  'vars',
  'postback_id',
  'original_status',
  'test',
];

/** Every write is idempotent: attribution is at-least-once and may replay any postback. */
export class ConversionRepository {
  private readonly manager: EntityManager;
  private readonly columns: string;

  constructor(db: Database) {
    this.manager = managerOf(db);
    this.columns = selectList(this.manager, ConversionEntity);
  }

  /**
   * Stores the conversion unless one with its identity exists. Safe under concurrency: the unique
   * identity index lets exactly one of several simultaneous inserts win.
   */
  async insertIfAbsent(conversion: NewConversion): Promise<InsertIfAbsentResult> {
    const placeholders = INSERT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ');
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `INSERT INTO conversions (${INSERT_COLUMNS.join(', ')}) VALUES (${placeholders})
       ON CONFLICT (click_id, event_type, dedupe_key) DO NOTHING
       RETURNING ${this.columns}`,
      [
        conversion.clickId,
        conversion.eventType,
        conversion.txid,
        conversion.dedupeKey,
        conversion.status,
        conversion.payoutAmount,
        conversion.payoutCurrency,
        conversion.convertedAt,
        conversion.clickedAt,
        conversion.campaignId,
        conversion.offerId,
        conversion.affiliateNetworkId,
        conversion.trafficSourceId,
        conversion.externalId,
        toJsonb(conversion.vars),
        conversion.postbackId,
        conversion.originalStatus ?? null,
        conversion.test ?? false,
      ],
    );
    const inserted = rows.at(0);
    if (inserted) return { created: true, conversion: inserted };
    // A separate statement on purpose: it takes a fresh snapshot, so it sees a row that a
    // concurrent transaction committed while our insert waited on it.
    const existing = await this.findByIdentity(conversion);
    if (!existing) throw new Error(`conversion ${describe(conversion)} conflicted but cannot be read`);
    return { created: false, conversion: existing };
  }

  /**
   * Sets a new status and increments the revision, only when the status differs. Returns the
   * updated conversion, or null when nothing changed (same status, or no such conversion), so a
   * replayed status change is a no-op.
   */
  async changeStatus(change: StatusChange): Promise<ConversionEntity | null> {
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `UPDATE conversions
       SET status = $2, revision = revision + 1, postback_id = COALESCE($3, postback_id), updated_at = now()
       WHERE id = $1 AND status <> $2
       RETURNING ${this.columns}`,
      [change.conversionId, change.status, change.postbackId ?? null],
    );
    return rows.at(0) ?? null;
  }

  async findById(id: string): Promise<ConversionEntity | null> {
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `SELECT ${this.columns} FROM conversions WHERE id = $1`,
      [id],
    );
    return rows.at(0) ?? null;
  }

  async findByIdentity(identity: ConversionIdentity): Promise<ConversionEntity | null> {
    const { rows } = await execute<ConversionEntity>(
      this.manager,
      `SELECT ${this.columns} FROM conversions WHERE click_id = $1 AND event_type = $2 AND dedupe_key = $3`,
      [identity.clickId, identity.eventType, identity.dedupeKey],
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

function describe(identity: ConversionIdentity): string {
  return `(${identity.clickId}, ${identity.eventType}, ${JSON.stringify(identity.dedupeKey)})`;
}
