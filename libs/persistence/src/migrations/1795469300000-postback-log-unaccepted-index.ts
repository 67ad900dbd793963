import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The postback log's (outcome, reason, received_at) index holds only the postbacks that were not
 * accepted. It serves "why was this postback not counted?" (a filter on a rejection reason) and
 * attribution's look-up of waiting (`pending`) postbacks; accepted postbacks, nearly all of the
 * log, are listed through (received_at, id) anyway. Each accepted postback so writes one index
 * entry less: the log and the conversions together kept eight per postback, the largest single
 * share of what Postgres spends on attribution (docs/performance-history.md).
 *
 * Rebuilding the index blocks writes to the log while it runs (0.15 s for a million log rows, 5 %
 * of them not accepted, on the development box; attribution retries its batches meanwhile).
 */
export class PostbackLogUnacceptedIndex1795469300000 implements MigrationInterface {
  name = 'PostbackLogUnacceptedIndex1795469300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_postback_log_outcome_reason_received_at`);
    await db.query(
      `CREATE INDEX idx_postback_log_outcome_reason_received_at ON postback_log (outcome, reason, received_at)
       WHERE outcome <> 'accepted'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idx_postback_log_outcome_reason_received_at`);
    await db.query(
      `CREATE INDEX idx_postback_log_outcome_reason_received_at ON postback_log (outcome, reason, received_at)`,
    );
  }
}
