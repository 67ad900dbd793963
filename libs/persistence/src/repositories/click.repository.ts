import type { EntityManager } from 'typeorm';
import { ClickEntity } from '../entities/click.entity';
import type { VariableValues } from '../entities/traffic-source.entity';
import { boolArray, timestamptzArray, uuidArray } from './binary-arrays';
import { type Database, execute, jsonbElements, managerOf, selectList } from './database';

/** A click to store; optional fields default to null (vars to {}). */
export interface NewClick {
  readonly clickId: string;
  readonly clickedAt: Date;
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
  readonly externalId?: string | null;
  /** Decimal string. */
  readonly cost?: string | null;
  readonly vars?: VariableValues;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly device?: string | null;
  readonly os?: string | null;
  readonly browser?: string | null;
  readonly country?: string | null;
  /** Known bot or crawler (default false). */
  readonly bot?: boolean;
  /** Made by the test-postback tool (default false). */
  readonly test?: boolean;
}

/**
 * How to find a click: its ID and the time the ID encodes. Passing the time lets Postgres
 * prune to the one daily partition holding it instead of probing every partition's index.
 */
export interface ClickKey {
  readonly clickId: string;
  readonly clickedAt: Date;
}

/**
 * One statement for the whole batch, whatever its size: the rows travel as 17 columns that
 * set-returning functions in the select list zip back together (a fixed parameter count, unlike
 * VALUES lists, which hit the 65535-parameter limit; vars as one JSON array, see `jsonbElements`;
 * why not `ROWS FROM`: see there). ON CONFLICT DO NOTHING makes redelivered clicks a no-op.
 */
const INSERT_CLICKS = `
  INSERT INTO clicks (click_id, clicked_at, campaign_id, offer_id, affiliate_network_id, traffic_source_id,
                      external_id, cost, vars, ip, user_agent, device, os, browser, country, bot, test)
  SELECT unnest($1::char(26)[]), unnest($2::timestamptz[]), unnest($3::uuid[]), unnest($4::uuid[]),
         unnest($5::uuid[]), unnest($6::uuid[]), unnest($7::varchar[]), unnest($8::numeric[]),
         jsonb_array_elements($9::jsonb), unnest($10::inet[]), unnest($11::text[]), unnest($12::varchar[]),
         unnest($13::varchar[]), unnest($14::varchar[]), unnest($15::char(2)[]), unnest($16::boolean[]),
         unnest($17::boolean[])
  ON CONFLICT DO NOTHING`;

/** The lookup by keys; `= ANY` over clicked_at lets the planner prune partitions. */
export function clickLookupSql(manager: EntityManager): string {
  return `SELECT ${selectList(manager, ClickEntity)} FROM clicks
          WHERE clicked_at = ANY($2::timestamptz[]) AND click_id = ANY($1::char(26)[])`;
}

export class ClickRepository {
  private readonly manager: EntityManager;
  private readonly lookupSql: string;

  constructor(db: Database) {
    this.manager = managerOf(db);
    this.lookupSql = clickLookupSql(this.manager);
  }

  /** Stores the clicks not stored yet; returns how many were new. */
  async insertMany(clicks: readonly NewClick[]): Promise<number> {
    if (clicks.length === 0) return 0;
    const column = <T>(pick: (click: NewClick) => T): T[] => clicks.map(pick);
    const { rowCount } = await execute(this.manager, INSERT_CLICKS, [
      column((c) => c.clickId),
      timestamptzArray(column((c) => c.clickedAt)),
      uuidArray(column((c) => c.campaignId)),
      uuidArray(column((c) => c.offerId)),
      uuidArray(column((c) => c.affiliateNetworkId)),
      uuidArray(column((c) => c.trafficSourceId)),
      column((c) => c.externalId ?? null),
      column((c) => c.cost ?? null),
      jsonbElements(column((c) => c.vars ?? {})),
      column((c) => c.ip ?? null),
      column((c) => c.userAgent ?? null),
      column((c) => c.device ?? null),
      column((c) => c.os ?? null),
      column((c) => c.browser ?? null),
      column((c) => c.country ?? null),
      boolArray(column((c) => c.bot ?? false)),
      boolArray(column((c) => c.test ?? false)),
    ]);
    return rowCount;
  }

  /** The clicks found among `keys` (attribution's Postgres fallback after a cache miss). */
  async findByIds(keys: readonly ClickKey[]): Promise<ClickEntity[]> {
    if (keys.length === 0) return [];
    const { rows } = await execute<ClickEntity>(this.manager, this.lookupSql, [
      keys.map((key) => key.clickId),
      keys.map((key) => key.clickedAt.toISOString()),
    ]);
    // The two ANY lists match their cross product; keep exact (id, time) pairs only.
    const wanted = new Set(keys.map((key) => `${key.clickId}@${key.clickedAt.getTime()}`));
    return rows.filter((row) => wanted.has(`${row.clickId}@${row.clickedAt.getTime()}`));
  }

  async findById(key: ClickKey): Promise<ClickEntity | null> {
    return (await this.findByIds([key])).at(0) ?? null;
  }
}
