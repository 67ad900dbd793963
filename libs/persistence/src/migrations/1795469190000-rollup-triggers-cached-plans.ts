import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  clickRollupFunction,
  conversionRollupFunction,
} from './1795469170000-report-rollups-quarter-hours-and-visitor-tuples';

/**
 * The rollup triggers' upserts as static SQL: the same statements, planned once per session
 * instead of on every written batch. They were run with EXECUTE, and planning the three-rollup
 * upsert cost Postgres more than running it: at 100 visits/s on the whole stack, 2.2 s of planning
 * for every 10 s (pg_stat_statements with track_planning), about a fifth of a core.
 */
export class RollupTriggersCachedPlans1795469190000 implements MigrationInterface {
  name = 'RollupTriggersCachedPlans1795469190000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(clickRollupFunction('cached'));
    await db.query(conversionRollupFunction('conversion', 'cached'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(clickRollupFunction('planned-each-time'));
    await db.query(conversionRollupFunction('conversion', 'planned-each-time'));
  }
}
