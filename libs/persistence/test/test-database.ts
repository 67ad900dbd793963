import { DataSource } from 'typeorm';
import { testInfrastructure, uniqueSchema } from '@clickledger/testing';
import { createDataSource, runMigrations } from '../src';
import { PERSISTENCE_MIGRATIONS } from '../src/migrations';

/** A migrated, private schema per test file: isolation without truncating anything shared. */
export interface TestDatabase {
  readonly url: string;
  readonly schema: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

export async function createTestDatabase(
  name: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const url = testInfrastructure().databaseUrl;
  const schema = uniqueSchema(name);
  if (options.migrate ?? true) await runMigrations({ url, schema });
  const admin = createDataSource({ url, poolSize: 1 });
  await admin.initialize();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const dataSource = createDataSource({ url, schema, poolSize: 8 });
  await dataSource.initialize();
  return {
    url,
    schema,
    dataSource,
    async drop() {
      await dataSource.destroy();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    },
  };
}

/** Undoes `migration` and every migration added after it (a later one may depend on it). */
export async function undoMigrationsFrom(
  db: TestDatabase,
  migration: (typeof PERSISTENCE_MIGRATIONS)[number],
): Promise<void> {
  const count = PERSISTENCE_MIGRATIONS.length - PERSISTENCE_MIGRATIONS.indexOf(migration);
  const source = createDataSource({ url: db.url, schema: db.schema, poolSize: 1 });
  await source.initialize();
  try {
    for (let i = 0; i < count; i += 1) await source.undoLastMigration({ transaction: 'each' });
  } finally {
    await source.destroy();
  }
}

/** The index a query's plan reads, with sequential scans ruled out (a test's tables are tiny). */
export async function indexReadBy(
  db: TestDatabase,
  sql: string,
  params: unknown[],
): Promise<string | undefined> {
  const runner = db.dataSource.createQueryRunner();
  try {
    await runner.query('SET enable_seqscan = off');
    const [{ 'QUERY PLAN': plan }] = (await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as {
      'QUERY PLAN': unknown;
    }[];
    return /"Index Name":\s*"(\w+)"/.exec(JSON.stringify(plan))?.[1];
  } finally {
    await runner.query('RESET enable_seqscan');
    await runner.release();
  }
}

/** An index's `CREATE INDEX` statement in the test schema, as pg_indexes gives it. */
export async function indexDefinition(db: TestDatabase, name: string): Promise<string> {
  const [{ indexdef }] = await db.dataSource.query<{ indexdef: string }[]>(
    `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2`,
    [db.schema, name],
  );
  return indexdef;
}
