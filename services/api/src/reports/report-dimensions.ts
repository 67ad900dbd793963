import { CUSTOM_VARIABLES, type CustomVariable } from '@clickledger/tracking';

const CATALOG = ['campaign', 'offer', 'affiliateNetwork', 'trafficSource'] as const;
const VISITOR = ['country', 'device', 'os', 'browser'] as const;

export const REPORT_DIMENSIONS = [
  ...CATALOG,
  'day',
  'hour',
  ...VISITOR,
  'eventType',
  ...CUSTOM_VARIABLES,
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export type CatalogDimension = (typeof CATALOG)[number];

export const MAX_GROUP_LEVELS = 4;

export const isCatalogDimension = (dimension: ReportDimension): dimension is CatalogDimension =>
  (CATALOG as readonly string[]).includes(dimension);
export const isVariable = (dimension: ReportDimension): dimension is CustomVariable =>
  (CUSTOM_VARIABLES as readonly string[]).includes(dimension);
export const isVisitorDimension = (dimension: ReportDimension): boolean =>
  (VISITOR as readonly string[]).includes(dimension);
export const isTimeDimension = (dimension: ReportDimension): boolean =>
  dimension === 'day' || dimension === 'hour';

/**
 * The levels of `groupBy=a,b,c`, or the reason they cannot be reported. Variables have their own
 * rollups (high cardinality) keyed by the catalog ids and the hour only: a variable combines with
 * catalog, time and event-type levels, not with a visitor level or a second variable.
 */
export function parseGroupBy(text: string): { levels: ReportDimension[] } | { error: string } {
  const parts = text.split(',').map((part) => part.trim());
  const unknown = parts.filter((part) => !(REPORT_DIMENSIONS as readonly string[]).includes(part));
  if (unknown.length > 0)
    return {
      error: `groupBy: unknown dimension ${unknown.map((part) => JSON.stringify(part)).join(', ')}; use ${REPORT_DIMENSIONS.join(', ')}`,
    };
  const levels = parts as ReportDimension[];
  if (levels.length > MAX_GROUP_LEVELS) return { error: `groupBy: at most ${MAX_GROUP_LEVELS} levels` };
  if (new Set(levels).size !== levels.length) return { error: 'groupBy: a dimension appears twice' };
  const variables = levels.filter(isVariable);
  if (variables.length > 1) return { error: 'groupBy: at most one of var1..var10' };
  if (variables.length === 1 && levels.some(isVisitorDimension))
    return {
      error: `groupBy: ${variables[0]} cannot be combined with ${levels.filter(isVisitorDimension).join(', ')} (variables are rolled up by campaign, offer, network, source, hour and event type only)`,
    };
  return { levels };
}
