import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, TIMESTAMP_PRECISION } from './timestamps';
import type { VariableValues } from './traffic-source.entity';
import { VisitorColumn } from './visitor-columns';

export const CONVERSION_STATUSES = ['approved', 'pending', 'declined'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

/**
 * A conversion and its current status. Identity is (click_id, event_type, dedupe_key):
 * dedupe_key is the txid, or '' without one, or the postback ID when the network accepts
 * duplicate postbacks (then every postback is a new conversion). The unique key makes the
 * attribution writes idempotent under redelivery and concurrency.
 */
@Entity({ name: 'conversions' })
@Index('uq_conversions_identity', ['clickId', 'eventType', 'dedupeKey'], { unique: true })
@Index('idx_conversions_campaign_id_converted_at', ['campaignId', 'convertedAt', 'id'])
@Index('idx_conversions_converted_at_id', ['convertedAt', 'id'])
export class ConversionEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_conversions' })
  id!: string;

  // The identity compares byte by byte: its unique index is asked for equality only
  // (migration 1795469500000).
  @Column({ name: 'click_id', type: 'char', length: 26, collation: 'C' })
  clickId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32, collation: 'C' })
  eventType!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  txid!: string | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 255, default: '', collation: 'C' })
  dedupeKey!: string;

  /** Starts at 1; +1 on every status change. Consumers deduplicate by (id, revision). */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'enum', enum: CONVERSION_STATUSES, enumName: 'conversion_status' })
  status!: ConversionStatus;

  /** The network's own status value behind `status` (Affise `5`, Impact `REVERSED`), when it sent one. */
  @Column({ name: 'original_status', type: 'varchar', length: 64, nullable: true })
  originalStatus!: string | null;

  @Column({ name: 'payout_amount', type: 'numeric', precision: 18, scale: 6 })
  payoutAmount!: string;

  @Column({ name: 'payout_currency', type: 'char', length: 3 })
  payoutCurrency!: string;

  @Column({ name: 'converted_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  convertedAt!: Date;

  @Column({ name: 'clicked_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
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

  @Column({ type: 'jsonb', default: () => "'{}'" })
  vars!: VariableValues;

  /** Made by the test-postback tool (copied from its click): left out of reports unless asked for. */
  @Column({ type: 'boolean', default: false })
  test!: boolean;

  /** The postback that last set this conversion's status. */
  @Column({ name: 'postback_id', type: 'uuid', nullable: true })
  postbackId!: string | null;

  /** The click's visitor fields, copied when attributed: reports group conversions by them. */
  @VisitorColumn.country()
  country!: string | null;

  @VisitorColumn.device()
  device!: string | null;

  @VisitorColumn.os()
  os!: string | null;

  @VisitorColumn.browser()
  browser!: string | null;
}
