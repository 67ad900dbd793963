import { runMigrations } from '../src';
import { NetworkStatusMapsAndPostbackLogColumns1795467400000 } from '../src/migrations/1795467400000-network-status-maps-and-postback-log-columns';
import { createTestDatabase, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795467400000 moves what `postback_log.message` used to carry into columns: the
 * pending event (JSON text) and the `…, revision N` suffix. Rows written before it must read the
 * same afterwards, and going down restores the old shape.
 */
describe('migration: postback-log columns and network status maps', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('pblog_columns', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const undoLast = (): Promise<void> =>
    undoMigrationsFrom(db, NetworkStatusMapsAndPostbackLogColumns1795467400000);

  it('moves the pending event and the revision out of message, fills template status maps, and goes back', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    await undoLast();
    const q = (sql: string, params: unknown[] = []): Promise<unknown[]> => db.dataSource.query(sql, params);
    const event = JSON.stringify({ type: 'postback.received', data: { clickId: 'C' } });
    await q(
      `INSERT INTO postback_log (id, received_at, click_id, outcome, reason, message) VALUES
       ('00000000-0000-4000-8000-000000000001', now(), 'C', 'pending', 'awaiting-click', $1),
       ('00000000-0000-4000-8000-000000000002', now(), 'C', 'status-changed', NULL, 'status approved → declined, revision 12'),
       ('00000000-0000-4000-8000-000000000003', now(), 'C', 'rejected', 'ip-not-allowed', 'source IP 1.2.3.4 is not allowed')`,
      [event],
    );
    await q(
      `INSERT INTO affiliate_networks (name, template, click_id_param) VALUES ('a', 'affise', 'sub1'), ('c', 'cake', 's2')`,
    );

    await runMigrations({ url: db.url, schema: db.schema });
    const rows = await q(`SELECT outcome, message, revision, pending_event FROM postback_log ORDER BY id`);
    expect(rows).toEqual([
      {
        outcome: 'pending',
        message: 'waiting for its click',
        revision: null,
        pending_event: JSON.parse(event) as unknown,
      },
      {
        outcome: 'status-changed',
        message: 'status approved → declined, revision 12',
        revision: 12,
        pending_event: null,
      },
      {
        outcome: 'rejected',
        message: 'source IP 1.2.3.4 is not allowed',
        revision: null,
        pending_event: null,
      },
    ]);
    expect(await q(`SELECT template, status_map FROM affiliate_networks ORDER BY name`)).toEqual([
      { template: 'affise', status_map: { '5': 'pending' } },
      { template: 'cake', status_map: {} },
    ]);

    await q(
      `INSERT INTO affiliate_networks (name, template, click_id_param) VALUES ('ad', 'admitad', 'subid')`,
    );
    await undoLast();
    const [pending] = await q(`SELECT message FROM postback_log WHERE outcome = 'pending'`);
    expect(JSON.parse((pending as { message: string }).message)).toEqual(JSON.parse(event));
    expect(await q(`SELECT template FROM affiliate_networks ORDER BY name`)).toEqual([
      { template: 'affise' },
      { template: 'custom' },
      { template: 'cake' },
    ]);
  });
});
