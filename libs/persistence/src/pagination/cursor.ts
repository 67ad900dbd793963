/**
 * Keyset pagination: a page ends at a (timestamp, id) position; the next page starts strictly
 * after it. The cursor is opaque to clients (base64url of a small JSON array), so the ordering
 * key can change without breaking the API shape.
 */
export interface PagePosition {
  readonly at: Date;
  readonly id: string;
}

export interface PageRequest {
  /** 1..MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass back to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class InvalidCursorError extends Error {
  readonly code = 'pagination.invalid-cursor';
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/** Every paged table is keyed by a uuid; checking here keeps a forged cursor out of the SQL. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidCursorError();
  }
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new InvalidCursorError();
  return { at: date, id };
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`page limit must be a positive integer`);
  return Math.min(limit, MAX_PAGE_SIZE);
}

/**
 * Builds a page from rows fetched with `LIMIT size + 1`: the extra row only tells whether
 * another page exists.
 */
export function toPage<T>(rows: T[], size: number, position: (row: T) => PagePosition): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  const nextCursor = rows.length > size && last !== undefined ? encodeCursor(position(last)) : null;
  return { items, nextCursor };
}
