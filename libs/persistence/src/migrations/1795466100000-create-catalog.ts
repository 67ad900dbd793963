import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Affiliate networks, offers, traffic sources, campaigns and their offer rotation. */
export class CreateCatalog1795466100000 implements MigrationInterface {
  name = 'CreateCatalog1795466100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TYPE affiliate_network_template AS ENUM ('cake', 'hasoffers', 'everflow', 'affise', 'impact', 'custom')`,
    );
    await db.query(`CREATE TYPE payout_mode AS ENUM ('auto', 'fixed')`);
    await db.query(`CREATE TYPE campaign_status AS ENUM ('active', 'paused', 'archived')`);

    await db.query(`
      CREATE TABLE affiliate_networks (
        id                         uuid NOT NULL DEFAULT gen_random_uuid(),
        name                       varchar(255) NOT NULL,
        template                   affiliate_network_template NOT NULL,
        click_id_param             varchar(64) NOT NULL,
        postback_macros            jsonb NOT NULL DEFAULT '{}',
        append_click_id            boolean NOT NULL DEFAULT true,
        accept_duplicate_postbacks boolean NOT NULL DEFAULT false,
        allowed_ips                text[] NOT NULL DEFAULT '{}',
        created_at                 timestamptz(3) NOT NULL DEFAULT now(),
        updated_at                 timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_affiliate_networks PRIMARY KEY (id)
      )`);
    await db.query(
      `CREATE INDEX idx_affiliate_networks_created_at_id ON affiliate_networks (created_at, id)`,
    );

    await db.query(`
      CREATE TABLE offers (
        id                      uuid NOT NULL DEFAULT gen_random_uuid(),
        name                    varchar(255) NOT NULL,
        url                     text NOT NULL,
        affiliate_network_id    uuid NOT NULL,
        payout_mode             payout_mode NOT NULL DEFAULT 'auto',
        payout_amount           numeric(18,6) NOT NULL DEFAULT 0,
        payout_currency         char(3) NOT NULL,
        attribution_window_days integer NOT NULL DEFAULT 30,
        created_at              timestamptz(3) NOT NULL DEFAULT now(),
        updated_at              timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_offers PRIMARY KEY (id),
        CONSTRAINT fk_offers_affiliate_network FOREIGN KEY (affiliate_network_id)
          REFERENCES affiliate_networks (id) ON DELETE RESTRICT,
        CONSTRAINT chk_offers_attribution_window_days CHECK ("attribution_window_days" > 0)
      )`);
    await db.query(`CREATE INDEX idx_offers_created_at_id ON offers (created_at, id)`);
    await db.query(`CREATE INDEX idx_offers_affiliate_network_id ON offers (affiliate_network_id)`);

    await db.query(`
      CREATE TABLE traffic_sources (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        name              varchar(255) NOT NULL,
        external_id_param varchar(64),
        cost_param        varchar(64),
        variables         jsonb NOT NULL DEFAULT '{}',
        postback_url      text,
        created_at        timestamptz(3) NOT NULL DEFAULT now(),
        updated_at        timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_traffic_sources PRIMARY KEY (id)
      )`);
    await db.query(`CREATE INDEX idx_traffic_sources_created_at_id ON traffic_sources (created_at, id)`);

    await db.query(`
      CREATE TABLE campaigns (
        id                uuid NOT NULL DEFAULT gen_random_uuid(),
        name              varchar(255) NOT NULL,
        key               varchar(32) NOT NULL,
        traffic_source_id uuid NOT NULL,
        status            campaign_status NOT NULL DEFAULT 'active',
        created_at        timestamptz(3) NOT NULL DEFAULT now(),
        updated_at        timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pk_campaigns PRIMARY KEY (id),
        CONSTRAINT fk_campaigns_traffic_source FOREIGN KEY (traffic_source_id)
          REFERENCES traffic_sources (id) ON DELETE RESTRICT
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_campaigns_key ON campaigns (key)`);
    await db.query(`CREATE INDEX idx_campaigns_created_at_id ON campaigns (created_at, id)`);
    await db.query(`CREATE INDEX idx_campaigns_traffic_source_id ON campaigns (traffic_source_id)`);

    await db.query(`
      CREATE TABLE campaign_offers (
        campaign_id uuid NOT NULL,
        offer_id    uuid NOT NULL,
        weight      integer NOT NULL,
        CONSTRAINT pk_campaign_offers PRIMARY KEY (campaign_id, offer_id),
        CONSTRAINT fk_campaign_offers_campaign FOREIGN KEY (campaign_id)
          REFERENCES campaigns (id) ON DELETE CASCADE,
        CONSTRAINT fk_campaign_offers_offer FOREIGN KEY (offer_id)
          REFERENCES offers (id) ON DELETE RESTRICT,
        CONSTRAINT chk_campaign_offers_weight CHECK ("weight" > 0)
      )`);
    await db.query(`CREATE INDEX idx_campaign_offers_offer_id ON campaign_offers (offer_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE campaign_offers`);
    await db.query(`DROP TABLE campaigns`);
    await db.query(`DROP TABLE traffic_sources`);
    await db.query(`DROP TABLE offers`);
    await db.query(`DROP TABLE affiliate_networks`);
    await db.query(`DROP TYPE campaign_status`);
    await db.query(`DROP TYPE payout_mode`);
    await db.query(`DROP TYPE affiliate_network_template`);
  }
}
