import { isCatalogDimension } from './report-dimensions';
import type { ReportMetricsView, ReportView } from './report.view';

type Figure = Exclude<keyof ReportMetricsView, 'conversionsByEventType'>;
const FIGURES: readonly Figure[] = [
  'clicks',
  'botClicks',
  'conversions',
  'pendingConversions',
  'declinedConversions',
  'revenue',
  'cost',
  'profit',
  'cr',
  'epc',
  'roi',
];

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV Injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a user or a traffic source chose: formula starts are defused with a leading `'`. */
function textCell(value: string | null): string {
  if (value === null) return '';
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
}

/** RFC 4180: quote a cell holding a comma, quote or line break; double its quotes. */
function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The report's rows as CSV (RFC 4180, CRLF): one column per level (plus its name for catalog
 * levels), the figures, then one `conversions:<eventType>` column per event type seen. Figures
 * are our own numbers (a negative profit stays `-1`); only group keys and names are guarded.
 */
export function reportCsv(report: ReportView): string {
  const eventTypes = [
    ...new Set(report.rows.flatMap((row) => Object.keys(row.conversionsByEventType))),
  ].sort();
  const header = [
    ...report.groupBy.flatMap((dimension) =>
      isCatalogDimension(dimension) ? [dimension, `${dimension}Name`] : [dimension],
    ),
    ...FIGURES,
    ...eventTypes.map((eventType) => `conversions:${eventType}`),
  ].map((cell) => textCell(cell));
  const lines = report.rows.map((row) => [
    ...row.groups.flatMap((group) =>
      isCatalogDimension(group.dimension)
        ? [textCell(group.key), textCell(group.name)]
        : [textCell(group.key)],
    ),
    ...FIGURES.map((figure) => row[figure] ?? ''),
    ...eventTypes.map((eventType) => String(row.conversionsByEventType[eventType] ?? 0)),
  ]);
  return [header, ...lines].map((cells) => `${cells.join(',')}\r\n`).join('');
}
