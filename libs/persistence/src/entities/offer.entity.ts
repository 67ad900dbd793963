import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AffiliateNetworkEntity } from './affiliate-network.entity';
import { Timestamped } from './timestamps';

export const PAYOUT_MODES = ['auto', 'fixed'] as const;
export type PayoutMode = (typeof PAYOUT_MODES)[number];

@Entity({ name: 'offers' })
@Index('idx_offers_created_at_id', ['createdAt', 'id'])
@Index('idx_offers_affiliate_network_id', ['affiliateNetworkId'])
@Check('chk_offers_attribution_window_days', '"attribution_window_days" > 0')
export class OfferEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_offers' })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'affiliate_network_id', type: 'uuid' })
  affiliateNetworkId!: string;

  @ManyToOne(() => AffiliateNetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'affiliate_network_id', foreignKeyConstraintName: 'fk_offers_affiliate_network' })
  affiliateNetwork?: AffiliateNetworkEntity;

  @Column({ name: 'payout_mode', type: 'enum', enum: PAYOUT_MODES, enumName: 'payout_mode', default: 'auto' })
  payoutMode!: PayoutMode;

  /** Decimal string: money never passes through a float. */
  @Column({ name: 'payout_amount', type: 'numeric', precision: 18, scale: 6, default: 0 })
  payoutAmount!: string;

  @Column({ name: 'payout_currency', type: 'char', length: 3 })
  payoutCurrency!: string;

  @Column({ name: 'attribution_window_days', type: 'integer', default: 30 })
  attributionWindowDays!: number;
}
