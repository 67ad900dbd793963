import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { execute } from '@clickledger/persistence';
import { RequestValidationError } from '@clickledger/platform-http';
import { type CatalogDimension, isCatalogDimension } from './report-dimensions';
import type { ReportRequest } from './report-query.dto';
import {
  type Facts,
  FIGURES,
  groupColumnOf,
  keyExpression,
  SqlParams,
  sourceKindOf,
  sourceOf,
  variableParts,
} from './report-sources';

/** Per group (one key per level, '' = none): non-bot clicks, bot clicks and their summed cost. */
export interface ClickAggregate {
  readonly keys: readonly string[];
  readonly clicks: string;
  readonly botClicks: string;
  readonly cost: string;
}

/** Per group, UTC day, payout currency, status and event type: conversions and their amounts. */
export interface ConversionAggregate {
  readonly keys: readonly string[];
  readonly day: string;
  readonly currency: string;
  readonly status: 'approved' | 'pending' | 'declined';
  readonly eventType: string;
  readonly conversions: string;
  readonly amount: string;
}

/** A campaign cost overlapping the report, with the clicks of its whole range and the overlap. */
export interface CostEntry {
  readonly id: string;
  readonly campaignId: string;
  readonly day: string;
  readonly amount: string;
  readonly currency: string;
  /** All clicks (bots included) of the campaign in the cost's whole range. */
  readonly totalClicks: string;
  /** Milliseconds of the cost's range, and of its part inside the report. */
  readonly durationMs: string;
  readonly overlapMs: string;
}

/** Clicks (bots included) of a cost's campaign per group, inside both the cost's range and the report's. */
export interface CostClicks {
  readonly costId: string;
  readonly keys: readonly string[];
  readonly clicks: string;
}

export interface ExchangeRateRow {
  readonly day: string;
  readonly currency: string;
  readonly rate: string;
}

const CATALOG_TABLES: Readonly<Record<CatalogDimension, string>> = {
  campaign: 'campaigns',
  offer: 'offers',
  affiliateNetwork: 'affiliate_networks',
  trafficSource: 'traffic_sources',
};

const INVALID_PARAMETER_VALUE = '22023';

/**
 * The report's reads: 15-minute rollups bounded by [from, to) (from and to start a bucket), so
 * their cost grows with the groups and buckets in range, not with clicks (see report-sources for
 * the one exception: two variables at once). Sums leave as text.
 */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  async clickAggregates(request: ReportRequest): Promise<ClickAggregate[]> {
    const params = new SqlParams();
    const { keys, grouped, joinKeys } = this.grouping(request, 'click', params, [], '');
    return this.run<ClickAggregate>(
      `SELECT ARRAY[${keys}] AS keys, sum(g.clicks)::text AS clicks, sum(g.bot_clicks)::text AS "botClicks",
              sum(g.cost)::text AS cost
         FROM ${grouped} ${joinKeys}
        GROUP BY 1
       HAVING sum(g.clicks) <> 0 OR sum(g.bot_clicks) <> 0 OR sum(g.cost) <> 0`,
      params,
      request,
    );
  }

  async conversionAggregates(request: ReportRequest): Promise<ConversionAggregate[]> {
    const params = new SqlParams();
    const { keys, grouped, joinKeys } = this.grouping(
      request,
      'conversion',
      params,
      ['event_type', 'currency', 'status', `(r.bucket AT TIME ZONE 'UTC')::date AS day`],
      request.includeTest ? '' : 'WHERE NOT r.test',
    );
    return this.run<ConversionAggregate>(
      `SELECT ARRAY[${keys}] AS keys, to_char(g.day, 'YYYY-MM-DD') AS day, g.currency,
              g.status::text AS status, g.event_type AS "eventType",
              sum(g.conversions)::text AS conversions, sum(g.amount)::text AS amount
         FROM ${grouped} ${joinKeys}
        GROUP BY 1, 2, 3, 4, 5
       HAVING sum(g.conversions) <> 0 OR sum(g.amount) <> 0`,
      params,
      request,
    );
  }

  /** The costs overlapping the report, each with the clicks of its own whole range. */
  async costEntries(request: ReportRequest): Promise<CostEntry[]> {
    const params = new SqlParams();
    const from = params.add(request.from.toISOString(), 'timestamptz');
    const to = params.add(request.to.toISOString(), 'timestamptz');
    return this.run<CostEntry>(
      `SELECT cc.id, cc.campaign_id::text AS "campaignId",
              to_char(cc.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              cc.amount::text AS amount, cc.currency,
              (SELECT coalesce(sum(r.clicks + r.bot_clicks), 0)
                 FROM report_click_catalog_rollup r JOIN report_catalog_keys k ON k.id = r.catalog
                WHERE k.campaign_id = cc.campaign_id AND r.bucket >= cc.starts_at AND r.bucket < cc.ends_at)::text
                AS "totalClicks",
              round(extract(epoch FROM cc.ends_at - cc.starts_at) * 1000)::text AS "durationMs",
              round(extract(epoch FROM least(cc.ends_at, ${to}) - greatest(cc.starts_at, ${from})) * 1000)::text
                AS "overlapMs"
         FROM campaign_costs cc
        WHERE cc.ends_at > ${from} AND cc.starts_at < ${to}`,
      params,
      request,
    );
  }

  /** Clicks per group of each cost's campaign inside both ranges (the shares of its amount). */
  async costClicks(request: ReportRequest): Promise<CostClicks[]> {
    const params = new SqlParams();
    const { from, to, source, keysOf } = this.selection(request, 'click', params);
    return this.run<CostClicks>(
      `SELECT cc.id AS "costId", ARRAY[${keysOf('r')}] AS keys, sum(r.clicks + r.bot_clicks)::text AS clicks
         FROM campaign_costs cc
         JOIN report_catalog_keys k ON k.campaign_id = cc.campaign_id
         JOIN ${source()} ON r.catalog = k.id AND r.bucket >= cc.starts_at AND r.bucket < cc.ends_at
        WHERE cc.ends_at > ${from} AND cc.starts_at < ${to}
        GROUP BY 1, 2
       HAVING sum(r.clicks + r.bot_clicks) > 0`,
      params,
      request,
    );
  }

  async exchangeRates(days: readonly string[], currencies: readonly string[]): Promise<ExchangeRateRow[]> {
    if (days.length === 0 || currencies.length === 0) return [];
    const { rows } = await execute<ExchangeRateRow>(
      this.db.manager,
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, rate::text AS rate FROM exchange_rates
        WHERE day = ANY($1::date[]) AND currency = ANY($2::text[])`,
      [days, currencies],
    );
    return rows;
  }

  /** Catalog names of the grouped ids; ids of deleted rows simply have none. */
  async namesOf(dimension: CatalogDimension, ids: readonly string[]): Promise<Map<string, string>> {
    const uuids = ids.filter((id) => id !== '');
    if (uuids.length === 0) return new Map();
    const { rows } = await execute<{ id: string; name: string }>(
      this.db.manager,
      `SELECT id::text AS id, name FROM ${CATALOG_TABLES[dimension]} WHERE id = ANY($1::uuid[])`,
      [uuids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The bounds, the source (alias `r`) of the report's levels, and their keys over any alias. */
  private selection(request: ReportRequest, facts: Facts, params: SqlParams) {
    const from = params.add(request.from.toISOString(), 'timestamptz');
    const to = params.add(request.to.toISOString(), 'timestamptz');
    // Added once and only when used: Postgres refuses a parameter it cannot type.
    let zone: string | undefined;
    const zoneParam = () => (zone ??= params.add(request.timeZone, 'text'));
    const kind = sourceKindOf(request.levels);
    const keysOf = (alias: string) =>
      request.levels.map((level) => keyExpression(level, facts, kind, alias, zoneParam)).join(', ');
    // Built on demand: building it adds its parameters, and a parameter left unused is an error.
    const source = () => sourceOf(facts, request.levels, params, { from, to }, 'r');
    return { from, to, kind, keysOf, source };
  }

  /**
   * The source summed by the native columns the levels need (catalog id, bucket, visitor fields,
   * variable; plus `extra`) as `g`, so keys are written as text once per group, not per row, and
   * `k` (the catalog ids) joined only when a level names them.
   */
  private grouping(request: ReportRequest, facts: Facts, params: SqlParams, extra: string[], where: string) {
    const { kind, keysOf, source, from, to } = this.selection(request, facts, params);
    const columns = new Set<string>();
    for (const level of request.levels) {
      const column = groupColumnOf(level, facts, kind);
      if (column !== null) columns.add(`r.${column}`);
    }
    for (const column of extra) columns.add(column.includes(' ') ? column : `r.${column}`);
    const list = [...columns];
    const sums = FIGURES[facts].map((figure) => `sum(r.${figure}) AS ${figure}`);
    const groupBy = list.length === 0 ? '' : `GROUP BY ${list.map((_, i) => i + 1).join(', ')}`;
    const summed = (rows: string) =>
      `SELECT ${[...list, ...sums].join(', ')} FROM ${rows} ${where} ${groupBy}`;
    let grouped: string;
    if (kind !== 'variable') grouped = `(${summed(source())}) g`;
    else {
      // The variable's values summed once (v); its '' group = every click's rows minus v's sums.
      const parts = variableParts(facts, request.levels, params, { from, to }, 'r');
      const names = list.map((column) => column.split(/ AS |\./).at(-1) ?? column);
      const without = names.map((name) =>
        name === 'var_value' ? `''::text COLLATE "C" AS var_value` : `v.${name}`,
      );
      const negated = FIGURES[facts].map((figure) => `-v.${figure} AS ${figure}`);
      grouped = `(WITH v AS MATERIALIZED (${summed(parts.values)})
                  SELECT * FROM v
                  UNION ALL SELECT ${[...without, ...negated].join(', ')} FROM v
                  UNION ALL ${summed(parts.all)}) g`;
    }
    return {
      keys: keysOf('g'),
      grouped,
      joinKeys: request.levels.some(isCatalogDimension)
        ? 'JOIN report_catalog_keys k ON k.id = g.catalog'
        : '',
    };
  }

  private async run<R>(sql: string, params: SqlParams, request: ReportRequest): Promise<R[]> {
    try {
      return (await execute<R>(this.db.manager, sql, params.values)).rows;
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
