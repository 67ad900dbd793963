import { createDataSource, runMigrations } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * Migration 1795467500000 adds the ClickDealer, AdGate Media and Zeydoo templates to the
 * `affiliate_network_template` enum; going down rebuilds the enum without them, and networks on
 * them become `custom` (an enum value cannot be dropped in place).
 */
describe('migration: ClickDealer, AdGate Media and Zeydoo templates', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('net_templates', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const q = (sql: string): Promise<unknown[]> => db.dataSource.query(sql);
  const templates = async (): Promise<string[]> =>
    (
      (await q(`SELECT unnest(enum_range(NULL::affiliate_network_template))::text AS t`)) as { t: string }[]
    ).map((row) => row.t);

  /** Reverts this migration and any landed after it, newest first. */
  async function undoLast(): Promise<void> {
    const source = createDataSource({ url: db.url, schema: db.schema, poolSize: 1 });
    await source.initialize();
    try {
      const [{ n }] = await source.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM migrations WHERE timestamp >= 1795467500000`,
      );
      for (let undone = 0; undone < n; undone += 1) await source.undoLastMigration({ transaction: 'each' });
    } finally {
      await source.destroy();
    }
  }

  it('adds the three templates before custom, and going down turns their networks into custom', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    expect(await templates()).toEqual([
      'cake',
      'hasoffers',
      'everflow',
      'affise',
      'impact',
      'admitad',
      'cpalead',
      'clickdealer',
      'adgatemedia',
      'zeydoo',
      'custom',
    ]);
    await q(
      `INSERT INTO affiliate_networks (name, template, click_id_param) VALUES
       ('cd', 'clickdealer', 's2'), ('ag', 'adgatemedia', 's1'), ('zd', 'zeydoo', 'ymid'), ('cp', 'cpalead', 'subid')`,
    );

    await undoLast();
    expect(await templates()).toEqual([
      'cake',
      'hasoffers',
      'everflow',
      'affise',
      'impact',
      'admitad',
      'cpalead',
      'custom',
    ]);
    expect(await q(`SELECT name, template, click_id_param FROM affiliate_networks ORDER BY name`)).toEqual([
      { name: 'ag', template: 'custom', click_id_param: 's1' },
      { name: 'cd', template: 'custom', click_id_param: 's2' },
      { name: 'cp', template: 'cpalead', click_id_param: 'subid' },
      { name: 'zd', template: 'custom', click_id_param: 'ymid' },
    ]);

    await runMigrations({ url: db.url, schema: db.schema });
    await q(`UPDATE affiliate_networks SET template = 'zeydoo' WHERE name = 'zd'`);
    expect(await q(`SELECT template FROM affiliate_networks WHERE name = 'zd'`)).toEqual([
      { template: 'zeydoo' },
    ]);
  });
});
