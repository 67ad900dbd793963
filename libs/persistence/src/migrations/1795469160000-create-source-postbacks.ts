import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Traffic-source postbacks (CONTRACT §9): the source's method and statuses, a campaign-level URL
 * override, and the durable delivery log (one row per delivery, one per attempt).
 */
export class CreateSourcePostbacks1795469160000 implements MigrationInterface {
  name = 'CreateSourcePostbacks1795469160000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE traffic_sources ADD COLUMN postback_method varchar(4) NOT NULL DEFAULT 'GET'`,
    );
    await db.query(
      `ALTER TABLE traffic_sources ADD COLUMN postback_statuses jsonb NOT NULL DEFAULT '["approved"]'`,
    );
    await db.query(`ALTER TABLE campaigns ADD COLUMN postback_url text`);

    await db.query(`
      CREATE TABLE source_postbacks (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        conversion_id     uuid NOT NULL,
        revision          integer NOT NULL,
        click_id          char(26) NOT NULL,
        campaign_id       uuid NOT NULL,
        traffic_source_id uuid NOT NULL,
        conversion_status varchar(16) NOT NULL,
        method            varchar(4) NOT NULL,
        url               text NOT NULL,
        url_hash          char(64) NOT NULL,
        host              varchar(255) NOT NULL,
        outcome           varchar(16) NOT NULL,
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz(3),
        give_up_at        timestamptz(3) NOT NULL,
        delivered_at      timestamptz(3),
        last_status_code  integer,
        last_error        text,
        created_at        timestamptz(3) NOT NULL DEFAULT now(),
        updated_at        timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_source_postbacks PRIMARY KEY (id)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_source_postbacks_identity ON source_postbacks (conversion_id, revision, url_hash)`,
    );
    // The scheduler's scan: pending rows by due time.
    await db.query(`CREATE INDEX idx_source_postbacks_due ON source_postbacks (outcome, next_attempt_at)`);
    await db.query(`CREATE INDEX idx_source_postbacks_created_at_id ON source_postbacks (created_at, id)`);
    await db.query(
      `CREATE INDEX idx_source_postbacks_traffic_source_id_created_at ON source_postbacks (traffic_source_id, created_at)`,
    );

    await db.query(`
      CREATE TABLE source_postback_attempts (
        id               uuid NOT NULL DEFAULT gen_random_uuid(),
        delivery_id      uuid NOT NULL,
        attempt          integer NOT NULL,
        started_at       timestamptz(3) NOT NULL,
        duration_ms      integer NOT NULL,
        method           varchar(4) NOT NULL,
        url              text NOT NULL,
        status_code      integer,
        response_excerpt text,
        error            text,
        outcome          varchar(16) NOT NULL,
        CONSTRAINT pk_source_postback_attempts PRIMARY KEY (id),
        CONSTRAINT fk_source_postback_attempts_delivery FOREIGN KEY (delivery_id)
          REFERENCES source_postbacks (id) ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_source_postback_attempts_delivery_attempt ON source_postback_attempts (delivery_id, attempt)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE source_postback_attempts`);
    await db.query(`DROP TABLE source_postbacks`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN postback_url`);
    await db.query(`ALTER TABLE traffic_sources DROP COLUMN postback_statuses`);
    await db.query(`ALTER TABLE traffic_sources DROP COLUMN postback_method`);
  }
}
