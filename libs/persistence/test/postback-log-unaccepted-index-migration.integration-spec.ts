import { runMigrations } from '../src';
import { PostbackLogUnacceptedIndex1795469300000 } from '../src/migrations/1795469300000-postback-log-unaccepted-index';
import {
  createTestDatabase,
  indexDefinition,
  indexReadBy,
  type TestDatabase,
  undoMigrationsFrom,
} from './test-database';

/**
 * Migration 1795469300000 keeps only postbacks not accepted in the log's (outcome, reason,
 * received_at) index. The look-ups that need it must still use it: attribution's waiting
 * postbacks of a batch's clicks, and a filter on a rejection reason.
 */
describe('migration: the postback log indexes only postbacks not accepted', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('pblog_unaccepted', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const q = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> =>
    db.dataSource.query(sql, params);

  const indexOf = (sql: string, params: unknown[]) => indexReadBy(db, sql, params);
  const definition = () => indexDefinition(db, 'idx_postback_log_outcome_reason_received_at');

  it('leaves accepted postbacks out of the outcome index, keeps it usable, and goes back', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    expect(await definition()).toMatch(/WHERE \(\(outcome\)::text <> 'accepted'::text\)$/);
    await q(
      `INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message) VALUES
       ('00000000-0000-4000-8000-000000000001', now(), 'C1', 'accepted', NULL, 'new conversion'),
       ('00000000-0000-4000-8000-000000000002', now(), 'C1', 'pending', 'awaiting-click', 'waiting for its click'),
       ('00000000-0000-4000-8000-000000000003', now(), 'C2', 'rejected', 'ip-not-allowed', 'not allowed')`,
    );
    await q('ANALYZE postback_log');

    // Attribution's query for the waiting postbacks of a batch's clicks (AttributionRepository).
    const waiting = `SELECT id FROM postback_log WHERE outcome = 'pending' AND click_id = ANY($1::text[])`;
    expect(await indexOf(waiting, [['C1', 'C2']])).toBe('idx_postback_log_outcome_reason_received_at');
    expect(await q(waiting, [['C1', 'C2']])).toEqual([{ id: '00000000-0000-4000-8000-000000000002' }]);
    const byReason = `SELECT id FROM postback_log WHERE outcome = $1 AND reason = $2`;
    expect(await indexOf(byReason, ['rejected', 'ip-not-allowed'])).toBe(
      'idx_postback_log_outcome_reason_received_at',
    );

    await undoMigrationsFrom(db, PostbackLogUnacceptedIndex1795469300000);
    expect(await definition()).not.toContain('WHERE');
    await runMigrations({ url: db.url, schema: db.schema });
    expect(await definition()).toContain(`<> 'accepted'`);
  });
});
