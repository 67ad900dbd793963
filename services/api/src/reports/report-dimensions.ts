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

/** Variables and visitor fields: each rolled up on its own (one attribute per report). */
export const isAttribute = (dimension: ReportDimension): boolean =>
  isVariable(dimension) || isVisitorDimension(dimension);

/**
 * The attribute's number in the attribute rollups (migration 1795468100000, which keeps its own
 * frozen copy of this order): var1..var10 are 1..10, then country, device, os, browser.
 */
export function attributeNumber(dimension: ReportDimension): number {
  if (isVariable(dimension)) return Number(dimension.slice(3));
  return 11 + (VISITOR as readonly string[]).indexOf(dimension);
}

/**
 * The levels of `groupBy=a,b,c`, or the reason they cannot be reported. Attributes (variables and
 * visitor fields) are high-cardinality: their product would grow with the clicks, so each has its
 * own rollup keyed by the catalog ids and the hour, and a report groups by at most one of them.
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
  const attributes = levels.filter(isAttribute);
  if (attributes.length > 1)
    return {
      error: `groupBy: ${attributes.join(' and ')} cannot be combined: at most one of country, device, os, browser, var1..var10 per report (each is rolled up on its own, by campaign, offer, network, source and hour)`,
    };
  return { levels };
}
