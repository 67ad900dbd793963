import { createDataSource, PERSISTENCE_MIGRATIONS, revertAll, runMigrations } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The SQL TypeORM's synchronize would run to make the schema match the entities. */
async function pendingSchemaChanges(target: TestDatabase): Promise<string[]> {
  const fresh = createDataSource({ url: target.url, schema: target.schema, poolSize: 1 });
  await fresh.initialize();
  try {
    const pending = await fresh.driver.createSchemaBuilder().log();
    return pending.upQueries.map((query) => query.query);
  } finally {
    await fresh.destroy();
  }
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('migrations', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const tables = async (): Promise<string[]> => {
    const rows = await db.dataSource.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      [db.schema],
    );
    return rows.map((row) => row.name);
  };
  const types = async (): Promise<string[]> => {
    const rows = await db.dataSource.query<{ name: string }[]>(
      `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 AND t.typtype = 'e' ORDER BY 1`,
      [db.schema],
    );
    return rows.map((row) => row.name);
  };

  it('go up, all the way down and up again', async () => {
    const target = { url: db.url, schema: db.schema };
    const applied = await runMigrations(target);
    expect(applied).toEqual(PERSISTENCE_MIGRATIONS.map((migration) => migration.name));
    expect(await tables()).toEqual([
      'affiliate_networks',
      'campaign_costs',
      'campaign_offers',
      'campaigns',
      'clicks',
      'conversions',
      'exchange_rates',
      'migrations',
      'offers',
      'postback_log',
      'report_catalog_keys',
      'report_click_catalog_rollup',
      'report_click_variable_rollup',
      'report_click_visitor_rollup',
      'report_conversion_catalog_rollup',
      'report_conversion_variable_rollup',
      'report_conversion_visitor_rollup',
      'source_postback_attempts',
      'source_postbacks',
      'traffic_sources',
    ]);
    expect(await runMigrations(target)).toEqual([]);

    expect(await revertAll(target)).toBe(PERSISTENCE_MIGRATIONS.length);
    expect(await tables()).toEqual(['migrations']);
    expect(await types()).toEqual([]);

    expect(await runMigrations(target)).toHaveLength(PERSISTENCE_MIGRATIONS.length);
    expect(await tables()).toContain('clicks');
  });

  it('leave no drift between the entities and the migrated schema', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    // A fresh data source: the schema builder reads the live catalog, compares it with the entity
    // metadata, and returns the SQL synchronize would run. Nothing pending = no drift. This covers
    // the partitioned clicks table too: TypeORM reads relkind 'p' tables, their columns, the
    // primary key and the partitioned index; it ignores the partitions themselves (not entities).
    expect(await pendingSchemaChanges(db)).toEqual([]);
  });

  it('has a drift check that notices a schema the entities do not describe', async () => {
    const other = await createTestDatabase('drift');
    try {
      await other.dataSource.query(`ALTER TABLE clicks ALTER COLUMN device TYPE varchar(40)`);
      await other.dataSource.query(`DROP INDEX idx_conversions_converted_at_id`);
      const sql = await pendingSchemaChanges(other);
      expect(sql).toEqual(
        expect.arrayContaining([
          'ALTER TABLE "clicks" ADD "device" character varying(32)',
          expect.stringContaining('CREATE INDEX "idx_conversions_converted_at_id"'),
        ]),
      );
    } finally {
      await other.drop();
    }
  });

  it('make clicks a daily RANGE-partitioned table with a DEFAULT partition', async () => {
    const [row] = await db.dataSource.query<{ strategy: string; default_partition: string }[]>(
      `SELECT p.partstrat AS strategy, d.relname AS default_partition
       FROM pg_partitioned_table p
       JOIN pg_class c ON c.oid = p.partrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class d ON d.oid = p.partdefid
       WHERE n.nspname = $1 AND c.relname = 'clicks'`,
      [db.schema],
    );
    expect(row).toEqual({ strategy: 'r', default_partition: 'clicks_default' });
  });
});
