import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { execute } from '@clickledger/persistence';
import type { CostView } from './cost.dto';

export type NewCost = Omit<CostView, 'id'>;

@Injectable()
export class CostsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(cost: NewCost): Promise<CostView> {
    const { rows } = await execute<CostView>(
      this.db.manager,
      `INSERT INTO campaign_costs (campaign_id, starts_at, ends_at, amount, currency)
       VALUES ($1::uuid, $2::timestamptz, $3::timestamptz, $4::numeric, $5::char(3))
       RETURNING id, campaign_id::text AS "campaignId",
                 to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "from",
                 to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "to",
                 trim_scale(amount)::text AS amount, currency`,
      [cost.campaignId, cost.from, cost.to, cost.amount, cost.currency],
    );
    const row = rows.at(0);
    if (!row) throw new Error('cost insert returned no row');
    return row;
  }
}
