import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { execute } from '@clickledger/persistence';
import { RequestValidationError } from '@clickledger/platform-http';
import type { ReportGroup, ReportRequest } from './report-query.dto';

/** Per group: clicks whose clicked_at is in range, and their summed cost (null cost counts as 0). */
export interface ClickAggregate {
  readonly key: string;
  readonly clicks: string;
  readonly cost: string;
}

/** Per group and payout currency: conversions whose converted_at is in range, by status. */
export interface ConversionAggregate {
  readonly key: string;
  readonly currency: string;
  readonly approved: string;
  readonly revenue: string;
  readonly pending: string;
  readonly declined: string;
}

/** The group key of a row, by grouping. Fixed SQL fragments: never built from input. */
function keyExpression(groupBy: ReportGroup, timeColumn: string): string {
  switch (groupBy) {
    case 'campaign':
      return 'campaign_id::text';
    case 'offer':
      return 'offer_id::text';
    case 'affiliateNetwork':
      return 'affiliate_network_id::text';
    case 'trafficSource':
      return 'traffic_source_id::text';
    case 'day':
      // The calendar day of the instant in the requested zone ($3).
      return `to_char(${timeColumn} AT TIME ZONE $3, 'YYYY-MM-DD')`;
  }
}

const CATALOG_TABLES: Readonly<Record<Exclude<ReportGroup, 'day'>, string>> = {
  campaign: 'campaigns',
  offer: 'offers',
  affiliateNetwork: 'affiliate_networks',
  trafficSource: 'traffic_sources',
};

const INVALID_PARAMETER_VALUE = '22023';

/**
 * The report's hand-written aggregates. Both scans bound their time column by [from, to), so the
 * clicks scan touches only the daily partitions in range; sums stay numeric and leave as text.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  async clickAggregates(request: ReportRequest): Promise<ClickAggregate[]> {
    const { rows } = await this.run<ClickAggregate>(
      `SELECT ${keyExpression(request.groupBy, 'clicked_at')} AS key,
              count(*)::text AS clicks,
              coalesce(sum(cost), 0)::text AS cost
         FROM clicks
        WHERE clicked_at >= $1 AND clicked_at < $2
        GROUP BY 1`,
      request,
    );
    return rows;
  }

  async conversionAggregates(request: ReportRequest): Promise<ConversionAggregate[]> {
    const { rows } = await this.run<ConversionAggregate>(
      `SELECT ${keyExpression(request.groupBy, 'converted_at')} AS key,
              payout_currency AS currency,
              count(*) FILTER (WHERE status = 'approved')::text AS approved,
              coalesce(sum(payout_amount) FILTER (WHERE status = 'approved'), 0)::text AS revenue,
              count(*) FILTER (WHERE status = 'pending')::text AS pending,
              count(*) FILTER (WHERE status = 'declined')::text AS declined
         FROM conversions
        WHERE converted_at >= $1 AND converted_at < $2
        GROUP BY 1, 2`,
      request,
    );
    return rows;
  }

  /** Catalog names of the grouped ids; ids of deleted rows simply have none. */
  async namesOf(groupBy: ReportGroup, ids: readonly string[]): Promise<Map<string, string>> {
    if (groupBy === 'day' || ids.length === 0) return new Map();
    const { rows } = await execute<{ id: string; name: string }>(
      this.db.manager,
      `SELECT id::text AS id, name FROM ${CATALOG_TABLES[groupBy]} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  private async run<R>(sql: string, request: ReportRequest) {
    // $3 only exists in the day grouping: Postgres refuses a parameter it cannot type.
    const params: unknown[] = [request.from.toISOString(), request.to.toISOString()];
    if (request.groupBy === 'day') params.push(request.timeZone);
    try {
      return await execute<R>(this.db.manager, sql, params);
    } catch (error) {
      // Intl knew the zone but this server's tz database does not (an older tzdata).
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === INVALID_PARAMETER_VALUE
      )
        throw new RequestValidationError([
          { field: 'tz', errors: [`tz ${request.timeZone} is not known to the database`] },
        ]);
      throw error;
    }
  }
}
