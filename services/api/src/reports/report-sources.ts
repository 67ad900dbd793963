import type { CustomVariable } from '@clickledger/tracking';
import {
  type CatalogDimension,
  isCatalogDimension,
  isTimeDimension,
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

export const FIGURES: Readonly<Record<Facts, readonly string[]>> = {
  click: ['clicks', 'bot_clicks', 'cost'],
  conversion: ['conversions', 'amount'],
};
const CONVERSION_KEY = ['event_type', 'currency', 'status', 'test'] as const;
const VISITOR_COLUMNS = ['country', 'device', 'os', 'browser'] as const;
const IDS = 'campaign_id, offer_id, affiliate_network_id, traffic_source_id';
const BUCKET = (column: string) => `date_bin('15 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`;
// Keys compare byte-wise, as the rollups store them (COLLATE "C").
const NONE = `''::text COLLATE "C"`;

/**
 * The rows of one rollup in [from, to): bucket, catalog id, the visitor fields (`''` when the
 * rollup has none), `var_value`, the conversion key, and the figures (negated on request).
 */
function rollupRows(
  facts: Facts,
  rollup: 'catalog' | 'visitor' | 'variable',
  range: string,
  variable?: { number: string; sign: 'value' | 'negated' },
): string {
  const visitor = VISITOR_COLUMNS.map((field) =>
    rollup === 'catalog' ? `${NONE} AS ${field}` : `r.${field}`,
  );
  const negate = variable?.sign === 'negated' ? '-' : '';
  const figures = FIGURES[facts].map((figure) => `${negate}r.${figure} AS ${figure}`);
  const key = facts === 'conversion' ? CONVERSION_KEY.map((column) => `r.${column}`) : [];
  const value = variable?.sign === 'value' ? 'r.value' : NONE;
  const condition = variable === undefined ? '' : ` AND r.variable = ${variable.number}`;
  return `SELECT r.bucket, r.catalog, ${[...visitor, `${value} AS var_value`, ...key, ...figures].join(', ')}
            FROM report_${facts}_${rollup}_rollup r
           WHERE r.bucket >= ${range}${condition}`;
}

/** The raw rows' visitor fields and the variables asked for, as the rollups hold them. */
function rawColumns(alias: string, variables: readonly CustomVariable[], varsAlias: string): string {
  return [
    ...VISITOR_COLUMNS.map((field) => `coalesce(${alias}.${field}::text, '') COLLATE "C" AS ${field}`),
    ...variables.map((name) => `coalesce(${varsAlias}.vars ->> '${name}', '') COLLATE "C" AS ${name}`),
  ].join(', ');
}

/**
 * The FROM item (aliased `alias`) a report of these levels reads, bounded by [from, to). Its
 * columns: bucket, catalog (a `report_catalog_keys` id), country, device, os, browser, the
 * variable (`var_value`; `var1`.. for raw rows), the conversion key, the figures. One variable:
 * its rows, plus its `''` group as the clicks without it — the visitor (or catalog) rollup minus
 * the variable's rows, since only values are stored. Raw: clicks by `clicked_at`, conversions by
 * `converted_at` with their click's visitor fields, bucketed as the rollups are.
 */
/**
 * The two parts of a one-variable report, each a FROM item aliased `alias`: the variable's rows
 * (its values) and the rows of every click (the visitor or catalog rollup). The `''` group is the
 * second minus the first: grouping() sums the first once and subtracts its sums.
 */
export function variableParts(
  facts: Facts,
  levels: readonly ReportDimension[],
  params: SqlParams,
  range: { from: string; to: string },
  alias: string,
): { values: string; all: string } {
  const variable = levels.find(isVariable);
  if (variable === undefined) throw new Error('a variable source without a variable');
  const bounds = `${range.from} AND r.bucket < ${range.to}`;
  const number = params.add(variableNumber(variable), 'smallint');
  const withoutIt = levels.some(isVisitorDimension) ? 'visitor' : 'catalog';
  return {
    values: `(${rollupRows(facts, 'variable', bounds, { number, sign: 'value' })}) ${alias}`,
    all: `(${rollupRows(facts, withoutIt, bounds)}) ${alias}`,
  };
}

export function sourceOf(
  facts: Facts,
  levels: readonly ReportDimension[],
  params: SqlParams,
  range: { from: string; to: string },
  alias: string,
): string {
  const kind = sourceKindOf(levels);
  const bounds = (column: string) => `${range.from} AND ${column} < ${range.to}`;
  if (kind === 'catalog' || kind === 'visitor')
    return `(${rollupRows(facts, kind, bounds('r.bucket'))}) ${alias}`;
  if (kind === 'variable') {
    const variable = levels.find(isVariable);
    if (variable === undefined) throw new Error('a variable source without a variable');
    const number = params.add(variableNumber(variable), 'smallint');
    const withoutIt = levels.some(isVisitorDimension) ? 'visitor' : 'catalog';
    return `(${rollupRows(facts, 'variable', bounds('r.bucket'), { number, sign: 'value' })}
              UNION ALL ${rollupRows(facts, 'variable', bounds('r.bucket'), { number, sign: 'negated' })}
              UNION ALL ${rollupRows(facts, withoutIt, bounds('r.bucket'))}) ${alias}`;
  }
  const variables = levels.filter(isVariable);
  if (facts === 'click')
    return `(SELECT ${BUCKET('c.clicked_at')} AS bucket, k.id AS catalog, ${rawColumns('c', variables, 'c')},
                    (NOT c.bot)::int AS clicks, c.bot::int AS bot_clicks, coalesce(c.cost, 0) AS cost
               FROM clicks c JOIN report_catalog_keys k USING (${IDS})
              WHERE c.clicked_at >= ${bounds('c.clicked_at')}) ${alias}`;
  return `(SELECT ${BUCKET('d.converted_at')} AS bucket, k.id AS catalog, ${rawColumns('c', variables, 'd')},
                  d.event_type, d.payout_currency AS currency, d.status, d.test, 1 AS conversions,
                  d.payout_amount AS amount
             FROM conversions d JOIN report_catalog_keys k USING (${IDS})
             LEFT JOIN clicks c ON c.click_id = d.click_id AND c.clicked_at = d.clicked_at
            WHERE d.converted_at >= ${bounds('d.converted_at')}) ${alias}`;
}

/** The source columns a level groups by (before its key is written as text). */
export function groupColumnOf(dimension: ReportDimension, facts: Facts, kind: SourceKind): string | null {
  if (isCatalogDimension(dimension)) return 'catalog';
  if (isTimeDimension(dimension)) return 'bucket';
  if (isVisitorDimension(dimension)) return dimension;
  if (isVariable(dimension)) return kind === 'raw' ? dimension : 'var_value';
  return facts === 'conversion' ? 'event_type' : null; // eventType
}

const CATALOG_COLUMNS: Readonly<Record<CatalogDimension, string>> = {
  campaign: 'campaign_id',
  offer: 'offer_id',
  affiliateNetwork: 'affiliate_network_id',
  trafficSource: 'traffic_source_id',
};

/**
 * The group key at one level, over source (or grouped) rows `alias` and their catalog ids `k`
 * (a `report_catalog_keys` row). Fixed SQL fragments: never built from input.
 */
export function keyExpression(
  dimension: ReportDimension,
  facts: Facts,
  kind: SourceKind,
  alias: string,
  zone: () => string,
): string {
  if (isCatalogDimension(dimension)) return `k.${CATALOG_COLUMNS[dimension]}::text`;
  if (dimension === 'day') return `to_char(${alias}.bucket AT TIME ZONE ${zone()}, 'YYYY-MM-DD')`;
  if (dimension === 'hour') return `to_char(${alias}.bucket AT TIME ZONE ${zone()}, 'YYYY-MM-DD"T"HH24:00')`;
  const column = groupColumnOf(dimension, facts, kind);
  // Clicks have no event type: they form the group without one.
  return column === null ? `''` : `${alias}.${column}`;
}
