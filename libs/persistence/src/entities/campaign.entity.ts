import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { CampaignOfferEntity } from './campaign-offer.entity';
import { Timestamped } from './timestamps';
import { TrafficSourceEntity } from './traffic-source.entity';

export const CAMPAIGN_STATUSES = ['active', 'paused', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity({ name: 'campaigns' })
@Index('idx_campaigns_created_at_id', ['createdAt', 'id'])
@Index('idx_campaigns_traffic_source_id', ['trafficSourceId'])
@Index('uq_campaigns_key', ['key'], { unique: true })
export class CampaignEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_campaigns' })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Short random string in the campaign link `/c/{key}`. */
  @Column({ type: 'varchar', length: 32 })
  key!: string;

  @Column({ name: 'traffic_source_id', type: 'uuid' })
  trafficSourceId!: string;

  @ManyToOne(() => TrafficSourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'traffic_source_id', foreignKeyConstraintName: 'fk_campaigns_traffic_source' })
  trafficSource?: TrafficSourceEntity;

  @Column({ type: 'enum', enum: CAMPAIGN_STATUSES, enumName: 'campaign_status', default: 'active' })
  status!: CampaignStatus;

  /** Overrides the traffic source's postback URL for this campaign's conversions. */
  @Column({ name: 'postback_url', type: 'text', nullable: true })
  postbackUrl!: string | null;

  @OneToMany('CampaignOfferEntity', (offer: CampaignOfferEntity) => offer.campaign)
  offers?: CampaignOfferEntity[];
}
