import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visitor enrichment and test postbacks (issue 17, part A): `clicks.bot` (a known crawler's
 * user agent), `clicks.test` and `conversions.test` (made by the test-postback tool; attribution
 * copies the click's flag onto its conversions). Constant defaults: no table rewrite (PostgreSQL 11+),
 * and on the partitioned clicks table every partition takes the column.
 */
export class ClickBotAndTestFlags1795468000000 implements MigrationInterface {
  name = 'ClickBotAndTestFlags1795468000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE clicks ADD COLUMN bot boolean NOT NULL DEFAULT false,
                                       ADD COLUMN test boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE conversions ADD COLUMN test boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE conversions DROP COLUMN test`);
    await db.query(`ALTER TABLE clicks DROP COLUMN test, DROP COLUMN bot`);
  }
}
