import 'reflect-metadata';
import { DataSource, type Migration } from 'typeorm';
import {
  AffiliateNetworkEntity,
  CampaignEntity,
  CampaignOfferEntity,
  ClickEntity,
  ConversionEntity,
  OfferEntity,
  PostbackLogEntryEntity,
  SourcePostbackAttemptEntity,
  SourcePostbackEntity,
  TrafficSourceEntity,
} from './entities';
import { PERSISTENCE_MIGRATIONS } from './migrations';

export { PERSISTENCE_MIGRATIONS };

export const PERSISTENCE_ENTITIES = [
  AffiliateNetworkEntity,
  OfferEntity,
  TrafficSourceEntity,
  CampaignEntity,
  CampaignOfferEntity,
  ClickEntity,
  ConversionEntity,
  PostbackLogEntryEntity,
  SourcePostbackEntity,
  SourcePostbackAttemptEntity,
];

export interface DataSourceOptions {
  /** postgres://user:pass@host:port/db */
  readonly url: string;
  /**
   * Schema holding every table, type and the migrations table (default `public`). Also set as
   * the connection's search_path, so the hand-written SQL in migrations and repositories resolves
   * unqualified names to it: tests isolate themselves with one schema each.
   */
  readonly schema?: string;
  readonly logging?: boolean;
  /** Connection pool size (default 10). */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A DataSource with our entities and migrations; it never alters the schema by itself. */
export function createDataSource(options: DataSourceOptions): DataSource {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: PERSISTENCE_ENTITIES,
    migrations: PERSISTENCE_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
    uuidExtension: 'pgcrypto',
    // gen_random_uuid() is built into Postgres 13+: no extension to install.
    installExtensions: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'clickledger',
    // UTC sessions: timestamps print and day boundaries compute the same on every server.
    extra: { options: `-c search_path=${schema} -c TimeZone=UTC` },
  });
}

async function withDataSource<T>(
  options: DataSourceOptions,
  work: (db: DataSource) => Promise<T>,
): Promise<T> {
  const db = createDataSource({ ...options, poolSize: 1 });
  await db.initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Applies every pending migration (creating the schema first if needed); returns their names. */
export async function runMigrations(options: DataSourceOptions | string): Promise<string[]> {
  const resolved = typeof options === 'string' ? { url: options } : options;
  return withDataSource(resolved, async (db) => {
    if (resolved.schema) await db.query(`CREATE SCHEMA IF NOT EXISTS ${resolved.schema}`);
    const applied: Migration[] = await db.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the last applied migration; returns false when none was left. */
export async function revertLast(options: DataSourceOptions | string): Promise<boolean> {
  const resolved = typeof options === 'string' ? { url: options } : options;
  return withDataSource(resolved, async (db) => {
    if ((await appliedCount(db)) === 0) return false;
    await db.undoLastMigration({ transaction: 'each' });
    return true;
  });
}

/** Reverts every applied migration, newest first; returns how many were reverted. */
export async function revertAll(options: DataSourceOptions | string): Promise<number> {
  const resolved = typeof options === 'string' ? { url: options } : options;
  return withDataSource(resolved, async (db) => {
    let reverted = 0;
    while ((await appliedCount(db)) > 0) {
      await db.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  });
}

async function appliedCount(db: DataSource): Promise<number> {
  // search_path is the data source's schema, so the unqualified name finds its migrations table.
  const tables = await db.query<{ present: boolean }[]>(
    `SELECT to_regclass('migrations') IS NOT NULL AS present`,
  );
  if (!tables.at(0)?.present) return 0;
  const counts = await db.query<{ count: string }[]>(`SELECT count(*)::text AS count FROM migrations`);
  return Number(counts.at(0)?.count ?? 0);
}
