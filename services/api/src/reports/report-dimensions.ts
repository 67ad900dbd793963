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
export const isVisitorDimension = (dimension: ReportDimension): dimension is VisitorDimension =>
  (VISITOR as readonly string[]).includes(dimension);
export const isTimeDimension = (dimension: ReportDimension): boolean =>
  dimension === 'day' || dimension === 'hour';

export type VisitorDimension = (typeof VISITOR)[number];

/** The variable's number in the variable rollups (`var3` → 3). */
export const variableNumber = (dimension: CustomVariable): number => Number(dimension.slice(3));

/** The levels of `groupBy=a,b,c` (any combination of distinct dimensions), or why not. */
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
  return { levels };
}
