import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_PRECISION } from './timestamps';
import type { VariableValues } from './traffic-source.entity';
import { VisitorColumn } from './visitor-columns';

/**
 * One recorded click. The table is RANGE-partitioned by day on clicked_at (see the
 * create-clicks migration, written by hand: TypeORM cannot declare partitions). The primary key
 * includes clicked_at because a partitioned table's unique keys must contain the partition key;
 * the click ID carries its own time, so a lookup by ID always knows clicked_at and touches one
 * partition.
 *
 * No foreign keys to the catalog on purpose: clicks arrive in bulk from Kafka and must never wait
 * on catalog locks; catalog rows are archived, not deleted.
 */
@Entity({ name: 'clicks' })
@Index('idx_clicks_campaign_id_clicked_at', ['campaignId', 'clickedAt'])
export class ClickEntity {
  @PrimaryColumn({ name: 'click_id', type: 'char', length: 26, primaryKeyConstraintName: 'pk_clicks' })
  clickId!: string;

  @PrimaryColumn({
    name: 'clicked_at',
    type: 'timestamptz',
    precision: TIMESTAMP_PRECISION,
    primaryKeyConstraintName: 'pk_clicks',
  })
  clickedAt!: Date;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'offer_id', type: 'uuid' })
  offerId!: string;

  @Column({ name: 'affiliate_network_id', type: 'uuid' })
  affiliateNetworkId!: string;

  @Column({ name: 'traffic_source_id', type: 'uuid' })
  trafficSourceId!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  /** Decimal string, as received from the traffic source. */
  @Column({ type: 'numeric', precision: 18, scale: 6, nullable: true })
  cost!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  vars!: VariableValues;

  @Column({ type: 'inet', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @VisitorColumn.device()
  device!: string | null;

  @VisitorColumn.os()
  os!: string | null;

  @VisitorColumn.browser()
  browser!: string | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @VisitorColumn.country()
  country!: string | null;

  /** A known bot's user agent (isbot): redirected as usual, counted apart in reports (botClicks), outside clicks, CR and EPC. */
  @Column({ type: 'boolean', default: false })
  bot!: boolean;

  /** Made by the test-postback tool (API): its conversions are marked test. */
  @Column({ type: 'boolean', default: false })
  test!: boolean;
}
