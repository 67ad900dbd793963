import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Real affiliate networks (issue 14): a per-network statusMap, the network's original status on
 * conversions, the Admitad and CPAlead templates, and real postback-log columns for what `message` used to
 * carry (the pending event, the revision produced, the status set and the original status).
 */
export class NetworkStatusMapsAndPostbackLogColumns1795467400000 implements MigrationInterface {
  name = 'NetworkStatusMapsAndPostbackLogColumns1795467400000';

  async up(db: QueryRunner): Promise<void> {
    // Not used in this transaction, which PostgreSQL 12+ allows for a new enum value.
    await db.query(`ALTER TYPE affiliate_network_template ADD VALUE IF NOT EXISTS 'admitad' BEFORE 'custom'`);
    await db.query(`ALTER TYPE affiliate_network_template ADD VALUE IF NOT EXISTS 'cpalead' BEFORE 'custom'`);
    await db.query(`ALTER TABLE affiliate_networks ADD COLUMN status_map jsonb NOT NULL DEFAULT '{}'`);
    // Templates that the catalog now fills with status values; user-made networks keep {}.
    await db.query(`UPDATE affiliate_networks SET status_map = '{"5": "pending"}' WHERE template = 'affise'`);
    await db.query(
      `UPDATE affiliate_networks SET status_map = '{"pending": "pending", "approved": "approved", "reversed": "declined"}'
       WHERE template = 'impact'`,
    );
    await db.query(`ALTER TABLE conversions ADD COLUMN original_status varchar(64)`);
    await db.query(`
      ALTER TABLE postback_log
        ADD COLUMN revision integer,
        ADD COLUMN status conversion_status,
        ADD COLUMN original_status varchar(64),
        ADD COLUMN pending_event jsonb`);
    // What `message` smuggled: the pending event (as JSON text) and "…, revision N".
    await db.query(`
      UPDATE postback_log SET pending_event = message::jsonb,
                              message = 'waiting for its click'
      WHERE outcome = 'pending' AND reason = 'awaiting-click' AND message LIKE '{%'`);
    await db.query(`
      UPDATE postback_log SET revision = substring(message from 'revision ([0-9]+)')::int
      WHERE outcome IN ('accepted', 'status-changed') AND message ~ 'revision [0-9]+'`);
    await db.query(`
      UPDATE postback_log l SET status = c.status
      FROM conversions c
      WHERE l.conversion_id = c.id AND l.outcome IN ('accepted', 'status-changed') AND c.postback_id = l.id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE postback_log SET message = pending_event::text WHERE pending_event IS NOT NULL`);
    await db.query(`
      ALTER TABLE postback_log
        DROP COLUMN pending_event,
        DROP COLUMN original_status,
        DROP COLUMN status,
        DROP COLUMN revision`);
    await db.query(`ALTER TABLE conversions DROP COLUMN original_status`);
    await db.query(`ALTER TABLE affiliate_networks DROP COLUMN status_map`);
    // An enum value cannot be dropped: rebuild the type without them (networks on them become custom).
    await db.query(
      `UPDATE affiliate_networks SET template = 'custom' WHERE template IN ('admitad', 'cpalead')`,
    );
    await db.query(`ALTER TYPE affiliate_network_template RENAME TO affiliate_network_template_old`);
    await db.query(
      `CREATE TYPE affiliate_network_template AS ENUM ('cake', 'hasoffers', 'everflow', 'affise', 'impact', 'custom')`,
    );
    await db.query(`
      ALTER TABLE affiliate_networks ALTER COLUMN template TYPE affiliate_network_template
      USING template::text::affiliate_network_template`);
    await db.query(`DROP TYPE affiliate_network_template_old`);
  }
}
