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
