import { migrateCommand, PERSISTENCE_MIGRATIONS } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('migrateCommand', () => {
  let db: TestDatabase;
  const lines: string[] = [];
  const run = (...argv: string[]): Promise<number> =>
    migrateCommand(argv, {
      databaseUrl: db.url,
      schema: db.schema,
      log: (line) => lines.push(line),
      now: () => new Date('2032-01-10T12:00:00Z'),
    });

  beforeAll(async () => {
    db = await createTestDatabase('migrate_cli', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  it('migrates up, down and up again', async () => {
    expect(await run('up')).toBe(0);
    expect(lines).toEqual([
      PERSISTENCE_MIGRATIONS.map((migration) => `applied ${migration.name}`).join('\n'),
    ]);
    expect(await run('down')).toBe(0);
    expect(await run('down', '--all')).toBe(0);
    expect(await run('down')).toBe(0);
    expect(lines.slice(1)).toEqual([
      'reverted the last migration',
      `reverted ${PERSISTENCE_MIGRATIONS.length - 1} migration(s)`,
      'no migration to revert',
    ]);
    expect(await run('up')).toBe(0);
    expect(await run('up')).toBe(0);
    expect(lines.at(-1)).toBe('no pending migrations');
  });

  it('ensures partitions ahead of today and drops the ones past retention', async () => {
    expect(await run('ensure-partitions', '--days-ahead', '2')).toBe(0);
    expect(await run('ensure-partitions', '--from', '2031-12-01', '--days-ahead', '0')).toBe(0);
    expect(await run('drop-partitions', '--retention-days', '30')).toBe(0);
    expect(lines).toEqual([
      'created 3 click partition(s): clicks_p20320110, clicks_p20320111, clicks_p20320112; moved 0 click(s) out of the default partition',
      'created 1 click partition(s): clicks_p20311201; moved 0 click(s) out of the default partition',
      'dropped 1 click partition(s): clicks_p20311201; deleted 0 old click(s) from the default partition',
    ]);
  });

  it('answers bad usage with exit code 2 and the usage text', async () => {
    expect(await run('sideways')).toBe(2);
    expect(lines.join('\n')).toMatch(/unknown command: sideways[\s\S]*usage: migrate/);
  });
});
