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
  if (Array.isArray(param)) return param.map(sanitizeParam);
  return param;
}

/** Same entries with storable keys, in a null-prototype map (a key may be `__proto__`). */
function withStorableKeys(record: object): object {
  const safe = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) safe[storable(key)] = item;
  return safe;
}

/** JSON for a jsonb column: whatever the input, text jsonb accepts (see `storable`). */
export function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return storable(item);
    if (typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof Date)) {
      return withStorableKeys(item);
    }
    return item;
  });
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
