import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from '@clickledger/persistence';

export interface SourceSettingsRow {
  readonly id: string;
  readonly postbackUrl: string | null;
  readonly postbackMethod: string;
  readonly postbackStatuses: string[];
}

export interface CampaignSettingsRow {
  readonly id: string;
  readonly postbackUrl: string | null;
}

/** Reads what the service needs of the catalog: postback settings of campaigns and sources, click costs. */
@Injectable()
export class PostbackSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async sources(ids: readonly string[]): Promise<SourceSettingsRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await execute<SourceSettingsRow>(
      this.dataSource.manager,
      `SELECT id, postback_url AS "postbackUrl", postback_method AS "postbackMethod",
              postback_statuses AS "postbackStatuses"
       FROM traffic_sources WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows;
  }

  async campaigns(ids: readonly string[]): Promise<CampaignSettingsRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await execute<CampaignSettingsRow>(
      this.dataSource.manager,
      `SELECT id, postback_url AS "postbackUrl" FROM campaigns WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows;
  }

  /** Cost of each click (decimal string), found by (click ID, click time): one partition each. */
  async clickCosts(clicks: readonly { clickId: string; clickedAt: string }[]): Promise<Map<string, string>> {
    if (clicks.length === 0) return new Map();
    const { rows } = await execute<{ clickId: string; cost: string | null }>(
      this.dataSource.manager,
      `SELECT c.click_id AS "clickId", c.cost::text AS cost
       FROM clicks c JOIN unnest($1::char(26)[], $2::timestamptz[]) AS k(click_id, clicked_at)
         ON c.click_id = k.click_id AND c.clicked_at = k.clicked_at`,
      [clicks.map((c) => c.clickId), clicks.map((c) => c.clickedAt)],
    );
    const costs = new Map<string, string>();
    for (const row of rows) if (row.cost !== null) costs.set(row.clickId, trimDecimal(row.cost));
    return costs;
  }
}

/** `12.500000` → `12.5`, `3.000000` → `3`: as a source expects a cost. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
