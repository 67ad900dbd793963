import type { MigrationInterface, QueryRunner } from 'typeorm';

const ADDED = ['clickdealer', 'adgatemedia', 'zeydoo'] as const;
/** The enum as migration 1795467400000 left it, restored on the way down. */
const PREVIOUS = ['cake', 'hasoffers', 'everflow', 'affise', 'impact', 'admitad', 'cpalead', 'custom'];

/** The ClickDealer, AdGate Media and Zeydoo templates (issue 14). None of them needs a statusMap. */
export class ClickdealerAdgatemediaZeydooTemplates1795467500000 implements MigrationInterface {
  name = 'ClickdealerAdgatemediaZeydooTemplates1795467500000';

  async up(db: QueryRunner): Promise<void> {
    // Not used in this transaction, which PostgreSQL 12+ allows for a new enum value.
    for (const template of ADDED)
      await db.query(
        `ALTER TYPE affiliate_network_template ADD VALUE IF NOT EXISTS '${template}' BEFORE 'custom'`,
      );
  }

  async down(db: QueryRunner): Promise<void> {
    // An enum value cannot be dropped: rebuild the type without them (networks on them become custom).
    await db.query(`UPDATE affiliate_networks SET template = 'custom' WHERE template::text = ANY($1)`, [
      [...ADDED],
    ]);
    await db.query(`ALTER TYPE affiliate_network_template RENAME TO affiliate_network_template_old`);
    await db.query(
      `CREATE TYPE affiliate_network_template AS ENUM (${PREVIOUS.map((t) => `'${t}'`).join(', ')})`,
    );
    await db.query(`
      ALTER TABLE affiliate_networks ALTER COLUMN template TYPE affiliate_network_template
      USING template::text::affiliate_network_template`);
    await db.query(`DROP TYPE affiliate_network_template_old`);
  }
}
