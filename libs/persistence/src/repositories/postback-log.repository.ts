import type { EntityManager } from 'typeorm';
import { PostbackLogEntryEntity, type PostbackWarning } from '../entities/postback-log-entry.entity';
import { type Page, type PageRequest, pageSize, toPage } from '../pagination/cursor';
import { timestamptzArray, uuidArray } from './binary-arrays';
import { type Database, execute, jsonbElements, managerOf, selectList } from './database';
import { SqlFilter } from './sql-filter';

export interface NewPostbackLogEntry {
  /** The ingress's postback ID: re-processing the same postback writes nothing new. */
  readonly id: string;
  readonly receivedAt: Date;
  readonly clickId: string | null;
  readonly outcome: string;
  readonly reason?: string | null;
  readonly message?: string | null;
  readonly warnings?: readonly PostbackWarning[];
  readonly params?: Readonly<Record<string, string>>;
  readonly sourceIp?: string | null;
  readonly conversionId?: string | null;
}

export interface PostbackLogFilter extends PageRequest {
  readonly clickId?: string;
  readonly outcome?: string;
  readonly reason?: string;
  /** received_at >= from */
  readonly from?: Date;
  /** received_at < to */
  readonly to?: Date;
}

/** Rows travel as columns zipped in the select list (see `jsonbElements`): one statement per batch. */
const INSERT_ENTRIES = `
  INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message, warnings, params, source_ip,
                            conversion_id)
  SELECT unnest($1::uuid[]), unnest($2::timestamptz[]), unnest($3::varchar[]), unnest($4::varchar[]),
         unnest($5::varchar[]), unnest($6::text[]), jsonb_array_elements($7::jsonb), jsonb_array_elements($8::jsonb),
         unnest($9::inet[]), unnest($10::uuid[])
  ON CONFLICT (id) DO NOTHING`;

export class PostbackLogRepository {
  private readonly manager: EntityManager;
  private readonly columns: string;

  constructor(db: Database) {
    this.manager = managerOf(db);
    this.columns = selectList(this.manager, PostbackLogEntryEntity);
  }

  /** Stores the entries not stored yet; returns how many were new. */
  async insertMany(entries: readonly NewPostbackLogEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const column = <T>(pick: (entry: NewPostbackLogEntry) => T): T[] => entries.map(pick);
    const { rowCount } = await execute(this.manager, INSERT_ENTRIES, [
      uuidArray(column((e) => e.id)),
      timestamptzArray(column((e) => e.receivedAt)),
      column((e) => e.clickId),
      column((e) => e.outcome),
      column((e) => e.reason ?? null),
      column((e) => e.message ?? null),
      jsonbElements(column((e) => e.warnings ?? [])),
      jsonbElements(column((e) => e.params ?? {})),
      column((e) => e.sourceIp ?? null),
      uuidArray(column((e) => e.conversionId ?? null)),
    ]);
    return rowCount;
  }

  async findById(id: string): Promise<PostbackLogEntryEntity | null> {
    const { rows } = await execute<PostbackLogEntryEntity>(
      this.manager,
      `SELECT ${this.columns} FROM postback_log WHERE id = $1`,
      [id],
    );
    return rows.at(0) ?? null;
  }

  /** Newest entry first, paged by (received_at, id). */
  async list(filter: PostbackLogFilter = {}): Promise<Page<PostbackLogEntryEntity>> {
    const size = pageSize(filter.limit);
    const conditions = new SqlFilter()
      .where(filter.clickId, (p) => `click_id = ${p}`)
      .where(filter.outcome, (p) => `outcome = ${p}`)
      .where(filter.reason, (p) => `reason = ${p}`)
      .where(filter.from, (p) => `received_at >= ${p}`)
      .where(filter.to, (p) => `received_at < ${p}`)
      .after(filter.cursor, 'received_at');
    const limit = conditions.param(size + 1);
    const { rows } = await execute<PostbackLogEntryEntity>(
      this.manager,
      `SELECT ${this.columns} FROM postback_log ${conditions.clause} ORDER BY received_at DESC, id DESC LIMIT ${limit}`,
      conditions.params,
    );
    return toPage(rows, size, (row) => ({ at: row.receivedAt, id: row.id }));
  }
}
