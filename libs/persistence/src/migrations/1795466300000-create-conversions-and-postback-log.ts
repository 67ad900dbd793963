import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Conversions (one row per identity, with its current status) and the postback log. */
export class CreateConversionsAndPostbackLog1795466300000 implements MigrationInterface {
  name = 'CreateConversionsAndPostbackLog1795466300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TYPE conversion_status AS ENUM ('approved', 'pending', 'declined')`);
    await db.query(`
      CREATE TABLE conversions (
        id                   uuid NOT NULL DEFAULT gen_random_uuid(),
        click_id             char(26) NOT NULL,
        event_type           varchar(32) NOT NULL,
        txid                 varchar(255),
        dedupe_key           varchar(255) NOT NULL DEFAULT '',
        revision             integer NOT NULL DEFAULT 1,
        status               conversion_status NOT NULL,
        payout_amount        numeric(18,6) NOT NULL,
        payout_currency      char(3) NOT NULL,
        converted_at         timestamptz(3) NOT NULL,
        clicked_at           timestamptz(3) NOT NULL,
        campaign_id          uuid NOT NULL,
        offer_id             uuid NOT NULL,
        affiliate_network_id uuid NOT NULL,
        traffic_source_id    uuid NOT NULL,
        external_id          varchar(255),
        vars                 jsonb NOT NULL DEFAULT '{}',
        postback_id          uuid,
        created_at           timestamptz(3) NOT NULL DEFAULT now(),
        updated_at           timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_conversions PRIMARY KEY (id)
      )`);
    // Leading click_id: also serves lookups of a click's conversions.
    await db.query(
      `CREATE UNIQUE INDEX uq_conversions_identity ON conversions (click_id, event_type, dedupe_key)`,
    );
    await db.query(
      `CREATE INDEX idx_conversions_campaign_id_converted_at ON conversions (campaign_id, converted_at, id)`,
    );
    await db.query(`CREATE INDEX idx_conversions_converted_at_id ON conversions (converted_at, id)`);

    await db.query(`
      CREATE TABLE postback_log (
        id            uuid NOT NULL,
        received_at   timestamptz(3) NOT NULL,
        click_id      varchar(255),
        outcome       varchar(32) NOT NULL,
        reason        varchar(64),
        message       text,
        warnings      jsonb NOT NULL DEFAULT '[]',
        params        jsonb NOT NULL DEFAULT '{}',
        source_ip     inet,
        conversion_id uuid,
        created_at    timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_postback_log PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX idx_postback_log_click_id ON postback_log (click_id)`);
    await db.query(`CREATE INDEX idx_postback_log_received_at_id ON postback_log (received_at, id)`);
    await db.query(
      `CREATE INDEX idx_postback_log_outcome_reason_received_at ON postback_log (outcome, reason, received_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE postback_log`);
    await db.query(`DROP TABLE conversions`);
    await db.query(`DROP TYPE conversion_status`);
  }
}
