import type { MigrationInterface, QueryRunner } from 'typeorm';
import { conversionRollupFunction } from './1795469170000-report-rollups-quarter-hours-and-visitor-tuples';

const VISITOR_COLUMNS = [
  ['country', 'char(2)'],
  ['device', 'varchar(32)'],
  ['os', 'varchar(64)'],
  ['browser', 'varchar(64)'],
] as const;

/**
 * A conversion keeps its click's visitor fields (country, device, os, browser), copied when it is
 * attributed. The conversions' rollup trigger read them by joining every written conversion to
 * its click: at 1,000,000 clicks that lookup was a fifth of Postgres's work per attributed postback
 * (`npm run bench -- attribution`); and once retention dropped a click's partition, a later status
 * change of its conversion was counted under an empty visitor tuple instead of the one it was
 * counted under. Existing conversions get their click's fields here, with the update trigger off:
 * the rollups already count them under exactly those. On a big install this rewrites every
 * conversion row once (one UPDATE joined to clicks by their primary key).
 */
export class ConversionVisitorFields1795469180000 implements MigrationInterface {
  name = 'ConversionVisitorFields1795469180000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE conversions ${VISITOR_COLUMNS.map(([column, type]) => `ADD COLUMN ${column} ${type}`).join(', ')}`,
    );
    await db.query(`ALTER TABLE conversions DISABLE TRIGGER trg_conversions_rollup_update`);
    await db.query(`
      UPDATE conversions c
         SET ${VISITOR_COLUMNS.map(([column]) => `${column} = k.${column}`).join(', ')}
        FROM clicks k
       WHERE k.click_id = c.click_id AND k.clicked_at = c.clicked_at`);
    await db.query(`ALTER TABLE conversions ENABLE TRIGGER trg_conversions_rollup_update`);
    await db.query(conversionRollupFunction('conversion', 'planned-each-time'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(conversionRollupFunction('click', 'planned-each-time'));
    await db.query(
      `ALTER TABLE conversions ${VISITOR_COLUMNS.map(([column]) => `DROP COLUMN ${column}`).join(', ')}`,
    );
  }
}
