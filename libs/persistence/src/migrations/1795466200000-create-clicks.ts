import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clicks, RANGE-partitioned by day on clicked_at. Written by hand: TypeORM cannot declare
 * partitioned tables. Daily partitions are created ahead of time by ClickPartitionService
 * (`ensure-partitions`); the DEFAULT partition catches any click whose day has no partition yet,
 * so an insert never fails, and ensureClickPartitions moves such rows out when it creates the day.
 * Indexes declared on the parent are created on every partition.
 */
export class CreateClicks1795466200000 implements MigrationInterface {
  name = 'CreateClicks1795466200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE clicks (
        click_id             char(26) NOT NULL,
        clicked_at           timestamptz(3) NOT NULL,
        campaign_id          uuid NOT NULL,
        offer_id             uuid NOT NULL,
        affiliate_network_id uuid NOT NULL,
        traffic_source_id    uuid NOT NULL,
        external_id          varchar(255),
        cost                 numeric(18,6),
        vars                 jsonb NOT NULL DEFAULT '{}',
        ip                   inet,
        user_agent           text,
        device               varchar(32),
        os                   varchar(64),
        browser              varchar(64),
        country              char(2),
        CONSTRAINT pk_clicks PRIMARY KEY (click_id, clicked_at)
      ) PARTITION BY RANGE (clicked_at)`);
    await db.query(`CREATE INDEX idx_clicks_campaign_id_clicked_at ON clicks (campaign_id, clicked_at)`);
    await db.query(`CREATE TABLE clicks_default PARTITION OF clicks DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Dropping the parent drops every partition with it.
    await db.query(`DROP TABLE clicks`);
  }
}
