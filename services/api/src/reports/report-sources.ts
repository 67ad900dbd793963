import {
  type CatalogDimension,
  isVariable,
  isVisitorDimension,
  type ReportDimension,
  variableNumber,
} from './report-dimensions';

/** Positional parameters with their types: `$n::type`, numbered as they are added. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

export type Facts = 'click' | 'conversion';

/**
 * Where a report's rows come from (migration 1795469170000), the cheapest that holds its levels:
 * `catalog` (catalog, time and event type only), `visitor` (+ country, device, os, browser),
 * `variable` (+ one variable), `raw` (two or more variables: the clicks and conversions themselves).
 */
export type SourceKind = 'catalog' | 'visitor' | 'variable' | 'raw';

export function sourceKindOf(levels: readonly ReportDimension[]): SourceKind {
  const variables = levels.filter(isVariable).length;
  if (variables > 1) return 'raw';
  if (variables === 1) return 'variable';
  return levels.some(isVisitorDimension) ? 'visitor' : 'catalog';
}

const FIGURES: Readonly<Record<Facts, readonly string[]>> = {
  click: ['clicks', 'bot_clicks', 'cost'],
  conversion: ['conversions', 'amount'],
};
const CONVERSION_KEY = 'r.event_type, r.currency, r.status, r.test';
const IDS = 'k.campaign_id, k.offer_id, k.affiliate_network_id, k.traffic_source_id';
const VISITOR_COLUMNS = ['country', 'device', 'os', 'browser'] as const;
const BUCKET = (column: string) => `date_bin('15 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * The rows of one rollup in [from, to) with the catalog ids joined back: bucket, the four ids,
 * the visitor fields (`''` when the rollup has none), `var_value` for the variable rollups, the
 * conversion key, and the figures (each times `sign`).
 */
function rollupRows(
  facts: Facts,
  rollup: 'catalog' | 'visitor' | 'variable',
  range: string,
  variable?: { number: string; sign: 'value' | 'negated' },
): string {
  const visitor = VISITOR_COLUMNS.map((field) =>
    rollup === 'catalog' ? `''::text AS ${field}` : `r.${field}`,
  ).join(', ');
  const negate = variable?.sign === 'negated' ? '-' : '';
  const figures = FIGURES[facts].map((figure) => `${negate}r.${figure} AS ${figure}`).join(', ');
  const key = facts === 'conversion' ? `${CONVERSION_KEY}, ` : '';
  const value = variable === undefined ? `''::text` : variable.sign === 'value' ? 'r.value' : `''::text`;
  const condition = variable === undefined ? '' : ` AND r.variable = ${variable.number}`;
  return `SELECT r.bucket, ${IDS}, ${visitor}, ${value} AS var_value, ${key}${figures}
            FROM report_${facts}_${rollup}_rollup r JOIN report_catalog_keys k ON k.id = r.catalog
           WHERE r.bucket >= ${range}${condition}`;
}

/**
 * The FROM item (aliased `r`) a report of these levels reads, bounded by [from, to). One
 * variable: its rows, plus its `''` group as the clicks without it — the visitor (or catalog)
 * rollup minus the variable's rows, since only values are stored. Raw: clicks by `clicked_at`,
 * conversions by `converted_at` with their click's visitor fields, bucketed as the rollups are.
 */
export function sourceOf(
  facts: Facts,
  levels: readonly ReportDimension[],
  params: SqlParams,
  range: { from: string; to: string },
): string {
  const kind = sourceKindOf(levels);
  const bounds = (column: string) => `${range.from} AND ${column} < ${range.to}`;
  if (kind === 'catalog' || kind === 'visitor') return `(${rollupRows(facts, kind, bounds('r.bucket'))}) r`;
  if (kind === 'variable') {
    const variable = levels.find(isVariable);
    if (variable === undefined) throw new Error('a variable source without a variable');
    const number = params.add(variableNumber(variable), 'smallint');
    const withoutIt = levels.some(isVisitorDimension) ? 'visitor' : 'catalog';
    return `(${rollupRows(facts, 'variable', bounds('r.bucket'), { number, sign: 'value' })}
              UNION ALL ${rollupRows(facts, 'variable', bounds('r.bucket'), { number, sign: 'negated' })}
              UNION ALL ${rollupRows(facts, withoutIt, bounds('r.bucket'))}) r`;
  }
  const visitorOf = (alias: string) =>
    VISITOR_COLUMNS.map((field) => `coalesce(${alias}.${field}::text, '') AS ${field}`).join(', ');
  if (facts === 'click')
    return `(SELECT ${BUCKET('c.clicked_at')} AS bucket, c.campaign_id, c.offer_id, c.affiliate_network_id,
                    c.traffic_source_id, ${visitorOf('c')}, c.vars, (NOT c.bot)::int AS clicks,
                    c.bot::int AS bot_clicks, coalesce(c.cost, 0) AS cost
               FROM clicks c WHERE c.clicked_at >= ${bounds('c.clicked_at')}) r`;
  return `(SELECT ${BUCKET('d.converted_at')} AS bucket, d.campaign_id, d.offer_id, d.affiliate_network_id,
                  d.traffic_source_id, ${visitorOf('c')}, d.vars, d.event_type, d.payout_currency AS currency,
                  d.status, d.test, 1 AS conversions, d.payout_amount AS amount
             FROM conversions d LEFT JOIN clicks c ON c.click_id = d.click_id AND c.clicked_at = d.clicked_at
            WHERE d.converted_at >= ${bounds('d.converted_at')}) r`;
}

const CATALOG_COLUMNS: Readonly<Record<CatalogDimension, string>> = {
  campaign: 'campaign_id',
  offer: 'offer_id',
  affiliateNetwork: 'affiliate_network_id',
  trafficSource: 'traffic_source_id',
};

/** The group key of a source row (alias `r`) at one level. Fixed SQL fragments: never built from input. */
export function keyExpression(
  dimension: ReportDimension,
  facts: Facts,
  kind: SourceKind,
  zone: () => string,
): string {
  switch (dimension) {
    case 'campaign':
    case 'offer':
    case 'affiliateNetwork':
    case 'trafficSource':
      return `r.${CATALOG_COLUMNS[dimension]}::text`;
    case 'day':
      return `to_char(r.bucket AT TIME ZONE ${zone()}, 'YYYY-MM-DD')`;
    case 'hour':
      return `to_char(r.bucket AT TIME ZONE ${zone()}, 'YYYY-MM-DD"T"HH24:00')`;
    case 'eventType':
      // Clicks have no event type: they form the group without one.
      return facts === 'conversion' ? 'r.event_type' : `''`;
    case 'country':
    case 'device':
    case 'os':
    case 'browser':
      return `r.${dimension}`;
    case 'var1':
    case 'var2':
    case 'var3':
    case 'var4':
    case 'var5':
    case 'var6':
    case 'var7':
    case 'var8':
    case 'var9':
    case 'var10':
      // The one of the variable rollup, or read from the raw row's vars.
      return kind === 'raw' ? `coalesce(r.vars ->> '${dimension}', '')` : 'r.var_value';
  }
}
