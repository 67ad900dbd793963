import type { RawPostbackParams } from '@clickledger/tracking';

/** `csv` (a header row naming the columns, or the columns in Voluum's order) or JSON lines. */
export type UploadFormat = 'csv' | 'jsonl';

export interface UploadLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly maxLineBytes: number;
}

/** One data row, numbered as a text editor numbers the file's lines (1-based). */
export type UploadRow =
  | { readonly line: number; readonly params: RawPostbackParams }
  | { readonly line: number; readonly error: string };

/** Why the whole upload was refused (nothing of it is published). */
export class UploadTooLargeError extends Error {
  constructor(
    readonly limit: 'bytes' | 'rows' | 'line',
    readonly bound: number,
  ) {
    super(`the upload exceeds its bound of ${String(bound)} ${limit === 'line' ? 'bytes per line' : limit}`);
  }
}

/** Voluum's conversion upload columns, in its order; also the order of a CSV without a header. */
export const UPLOAD_COLUMNS = ['clickId', 'payout', 'txid', 'status', 'et'] as const;
type UploadColumn = (typeof UPLOAD_COLUMNS)[number];
/** Header names accepted for each column (lower case): ours, the postback's, Voluum's. */
const COLUMN_ALIASES: Readonly<Record<string, UploadColumn>> = {
  clickid: 'clickId',
  cid: 'clickId',
  'click id': 'clickId',
  payout: 'payout',
  revenue: 'payout',
  txid: 'txid',
  'transaction id': 'txid',
  transactionid: 'txid',
  status: 'status',
  et: 'et',
  'event type': 'et',
  eventtype: 'et',
};
/** Each column's postback parameter: a row is read exactly as a postback with these parameters. */
const PARAM_OF: Readonly<Record<UploadColumn, keyof RawPostbackParams>> = {
  clickId: 'cid',
  payout: 'payout',
  txid: 'txid',
  status: 'status',
  et: 'et',
};

/**
 * The rows of an upload, read from the stream line by line (never the whole body in memory):
 * bounded in bytes, rows and line length; a bound crossed throws UploadTooLargeError before the
 * caller has published anything, since it collects the rows first. Blank lines are skipped.
 */
export async function readUploadRows(
  body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  format: UploadFormat,
  limits: UploadLimits,
): Promise<UploadRow[]> {
  const rows: UploadRow[] = [];
  let columns: readonly (UploadColumn | undefined)[] | undefined =
    format === 'csv' ? undefined : UPLOAD_COLUMNS;
  let delimiter = ',';
  let lineNumber = 0;
  const take = (text: string): void => {
    lineNumber += 1;
    const line = lineNumber === 1 ? text.replace(/^\uFEFF/, '') : text; // a spreadsheet's BOM
    if (line.trim() === '') return;
    if (format === 'jsonl') {
      rows.push(jsonRow(lineNumber, line));
    } else if (columns === undefined) {
      delimiter = delimiterOf(line);
      const header = headerColumns(line, delimiter);
      columns = header ?? UPLOAD_COLUMNS;
      if (!header) rows.push(csvRow(lineNumber, line, columns, delimiter));
    } else {
      rows.push(csvRow(lineNumber, line, columns, delimiter));
    }
    if (rows.length > limits.maxRows) throw new UploadTooLargeError('rows', limits.maxRows);
  };

  const decoder = new TextDecoder('utf-8'); // invalid bytes become U+FFFD, visibly
  let bytes = 0;
  let pending = '';
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > limits.maxBytes) throw new UploadTooLargeError('bytes', limits.maxBytes);
    pending += decoder.decode(buffer, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      take(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (Buffer.byteLength(pending) > limits.maxLineBytes)
      throw new UploadTooLargeError('line', limits.maxLineBytes);
  }
  pending += decoder.decode();
  if (pending !== '') take(pending.replace(/\r$/, ''));
  return rows;
}

/** The header's columns, or undefined when the first line is already data (no known name in it). */
function headerColumns(line: string, delimiter: string): (UploadColumn | undefined)[] | undefined {
  const cells = splitCsv(line, delimiter);
  if (cells === undefined) return undefined;
  const named = cells.map((cell) => columnOf(cell.trim()));
  if (!named.includes('clickId')) return undefined;
  // An unknown header column stays a gap (undefined), so the known ones keep their positions.
  return named;
}

/**
 * The delimiter of the file, from its first line: `,`, or `;` as spreadsheets write CSV where the
 * comma is the decimal separator (`1,50`), or a tab; whichever the first line has most of.
 */
function delimiterOf(line: string): string {
  const count = (char: string): number => line.split(char).length - 1;
  return [',', ';', '\t'].reduce((best, char) => (count(char) > count(best) ? char : best));
}

/** Own properties only: a header or key named `__proto__` or `constructor` is an unknown column. */
function columnOf(name: string): UploadColumn | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(COLUMN_ALIASES, key) ? COLUMN_ALIASES[key] : undefined;
}

function csvRow(
  line: number,
  text: string,
  columns: readonly (UploadColumn | undefined)[],
  delimiter: string,
): UploadRow {
  const cells = splitCsv(text, delimiter);
  if (cells === undefined) return { line, error: 'malformed CSV (an unterminated quote)' };
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  columns.forEach((column, index) => {
    const value = cells.at(index)?.trim();
    if (column !== undefined && value !== undefined && value !== '') params[PARAM_OF[column]] = value;
  });
  return { line, params };
}

function jsonRow(line: number, text: string): UploadRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { line, error: 'not a JSON object' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { line, error: 'not a JSON object' };
  }
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(parsed)) {
    const column = columnOf(key);
    if (column === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return { line, error: `${key}: must be a string or a number` };
    }
    params[PARAM_OF[column]] = String(value);
  }
  return { line, params };
}

/** One CSV record on one line (RFC 4180 quotes, `""` inside quotes); undefined when a quote is open. */
export function splitCsv(line: string, delimiter = ','): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}
