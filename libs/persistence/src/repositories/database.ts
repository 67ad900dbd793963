import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type QueryResult,
} from 'typeorm';
import { toStorableText } from '@clickledger/tracking';

/** Repositories take either the data source or a transaction's EntityManager. */
export type Database = DataSource | EntityManager;

export function managerOf(db: Database): EntityManager {
  return db instanceof DataSource ? db.manager : db;
}

export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

// Postgres text and jsonb cannot hold U+0000, yet postback and click parameters come from the
// outside and may carry it (`%00`): it is stored as U+FFFD instead of failing the whole batch.
// A lone UTF-16 surrogate is refused by jsonb (JSON.stringify writes it as `\ud800`) on every
// retry, stalling a partition (issue 12): it becomes U+FFFD too, in values and in keys.
const storable = toStorableText;

function sanitizeParam(param: unknown): unknown {
  if (typeof param === 'string') return storable(param);
  if (Array.isArray(param)) return arrayLiteral(param) ?? param.map(sanitizeParam);
  return param;
}

/**
 * A one-dimensional array of strings, numbers, booleans and nulls as a Postgres array literal
 * (`{"01JD…","a \\"b\\"",null}`); undefined for anything else, which pg serialises itself (pg
 * quotes and escapes every element with two regex passes each; one batch write carries tens of
 * thousands of ids, times and numbers).
 */
function arrayLiteral(values: readonly unknown[]): string | undefined {
  if (!values.every(isArrayElement)) return undefined;
  // JSON writes a string as Postgres quotes an array element (`"` and `\` escaped by a backslash,
  // nothing else) unless it escapes more: a control character, a lone surrogate, U+0000. An
  // unquoted `null` is Postgres's NULL element, as `true`, `false` and numbers are its own too.
  const json = JSON.stringify(values);
  if (!OTHER_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  return quotedElements(values);
}

/** What `arrayLiteral` writes itself: JSON and Postgres agree on how to write each. */
type ArrayElement = string | number | boolean | null | undefined;

function isArrayElement(value: unknown): value is ArrayElement {
  const kind = typeof value;
  return kind === 'number'
    ? Number.isFinite(value)
    : kind === 'string' || kind === 'boolean' || value == null;
}

/** A backslash before anything but `"` or `\` (or after an escaped backslash: only slower). */
const OTHER_ESCAPE = /\\[^"\\]/;

/** What an array element may be made of to go unquoted: ids, times, numbers, codes. */
const BARE_ELEMENT = /^[0-9A-Za-z_.:+-]+$/;
const QUOTED_SPECIALS = /[\\"]/g;

/** `arrayLiteral` for elements JSON would escape: each made storable, then quoted where needed. */
function quotedElements(values: readonly ArrayElement[]): string {
  // Elements joined once: appending each to a growing string would allocate a rope node per piece.
  const elements = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) elements[i] = 'NULL';
    else if (typeof value !== 'string') elements[i] = String(value);
    else {
      const text = storable(value);
      // Unquoted, `NULL` (any case) would be read as a null element.
      elements[i] =
        BARE_ELEMENT.test(text) && !(text.length === 4 && text.toUpperCase() === 'NULL')
          ? text
          : `"${text.replace(QUOTED_SPECIALS, '\\$&')}"`;
    }
  }
  return `{${elements.join(',')}}`;
}

/** Same entries with storable keys, in a null-prototype map (a key may be `__proto__`). */
function withStorableKeys(record: object): object {
  const safe = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) safe[storable(key)] = item;
  return safe;
}

/**
 * JSON.stringify writes U+0000 as `\u0000` and a lone surrogate as `\udXXX` (paired ones as
 * themselves): text without either needs no cleaning. A backslash written as text before `u0000`
 * also matches; such rare text just takes the cleaning path.
 */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/;

/** JSON for a jsonb column: whatever the input, text jsonb accepts (see `storable`). */
export function toJsonb(value: unknown): string {
  // The common case, fast: nothing to clean, so the replacer below would return every value as is.
  const plain = JSON.stringify(value);
  if (!UNSTORABLE_ESCAPE.test(plain)) return plain;
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return storable(item);
    if (typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof Date)) {
      return withStorableKeys(item);
    }
    return item;
  });
}

/**
 * A batch's values for a jsonb column as one JSON array, read in SQL by
 * `jsonb_array_elements($n::jsonb)` beside the other columns' `unnest($k::type[])`, all in the
 * select list: set-returning functions there run in step, one row at a time. Zipped by
 * `ROWS FROM (…)` instead, Postgres first copies each function's whole output into a tuplestore:
 * 7.5 against 4.1 ms to insert 2,000 rows of 15 columns on the development box.
 * A `jsonb[]` parameter costs twice per row: each JSON text quoted and escaped into the array
 * literal here, unescaped and parsed again there (3 µs in Node and 3–4 µs in Postgres for a log
 * row's three jsonb values, 2,000-row batches on the development box). Null and undefined become
 * JSON `null`: read a nullable column through `NULLIF(…, 'null'::jsonb)`.
 */
export function jsonbElements(values: readonly unknown[]): string {
  const elements = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    elements[i] = value === null || value === undefined ? 'null' : toJsonb(value);
  }
  return `[${elements.join(',')}]`;
}

/** Runs hand-written SQL, returning rows and the affected-row count whatever the command. */
export async function execute<R>(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<SqlResult<R>> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = (await runner.query(sql, params.map(sanitizeParam), true)) as QueryResult<R>;
    return { rows: result.records, rowCount: result.affected ?? 0 };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/**
 * `col AS "property", …` for an entity, from its TypeORM metadata, so raw SQL returns objects
 * shaped like the entity and cannot drift from it.
 */
export function selectList(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias?: string,
): string {
  const prefix = alias ? `${alias}.` : '';
  return manager.connection
    .getMetadata(entity)
    .columns.map((column) => `${prefix}${column.databaseName} AS "${column.propertyName}"`)
    .join(', ');
}
