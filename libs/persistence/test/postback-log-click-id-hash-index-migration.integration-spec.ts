import { PostbackLogRepository, runMigrations } from '../src';
import { PostbackLogClickIdHashIndex1795469400000 } from '../src/migrations/1795469400000-postback-log-click-id-hash-index';
import {
  createTestDatabase,
  indexDefinition,
  indexReadBy,
  type TestDatabase,
  undoMigrationsFrom,
} from './test-database';

/**
 * Migration 1795469400000 makes the postback log's click_id index a hash index. The look-up it
 * serves, the postbacks of one click (the API's log filter), must still read it and find them.
 */
describe('migration: the postback log finds a click’s postbacks through a hash index', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('pblog_click_hash', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const q = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> =>
    db.dataSource.query(sql, params);

  const indexOf = (sql: string, params: unknown[]) => indexReadBy(db, sql, params);
  const definition = () => indexDefinition(db, 'idx_postback_log_click_id');

  it('hashes click IDs, serves a click’s postbacks from the index, and goes back', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    expect(await definition()).toMatch(/USING hash \(click_id\)$/);
    await q(
      `INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message) VALUES
       ('00000000-0000-4000-8000-000000000001', now() - interval '1 minute', 'C1', 'accepted', NULL, 'new conversion'),
       ('00000000-0000-4000-8000-000000000002', now(), 'C1', 'duplicate', 'duplicate', 'same conversion'),
       ('00000000-0000-4000-8000-000000000003', now(), 'C2', 'accepted', NULL, 'new conversion'),
       ('00000000-0000-4000-8000-000000000004', now(), NULL, 'rejected', 'click-id-missing', 'no click ID')`,
    );
    await q('ANALYZE postback_log');

    // The API's filter on one click (PostbackLogRepository.list), newest first.
    const ofClick = `SELECT id FROM postback_log WHERE click_id = $1 ORDER BY received_at DESC, id DESC LIMIT 51`;
    expect(await indexOf(ofClick, ['C1'])).toBe('idx_postback_log_click_id');
    const page = await new PostbackLogRepository(db.dataSource).list({ clickId: 'C1' });
    expect(page.items.map((entry) => entry.id)).toEqual([
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000001',
    ]);

    await undoMigrationsFrom(db, PostbackLogClickIdHashIndex1795469400000);
    expect(await definition()).toMatch(/USING btree \(click_id\)$/);
    await runMigrations({ url: db.url, schema: db.schema });
    expect(await definition()).toMatch(/USING hash \(click_id\)$/);
  });
});
