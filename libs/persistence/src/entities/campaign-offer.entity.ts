import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from './campaign.entity';
import { OfferEntity } from './offer.entity';

/** One offer in a campaign's weighted rotation. */
@Entity({ name: 'campaign_offers' })
@Index('idx_campaign_offers_offer_id', ['offerId'])
@Check('chk_campaign_offers_weight', '"weight" > 0')
export class CampaignOfferEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid', primaryKeyConstraintName: 'pk_campaign_offers' })
  campaignId!: string;

  @PrimaryColumn({ name: 'offer_id', type: 'uuid', primaryKeyConstraintName: 'pk_campaign_offers' })
  offerId!: string;

  @Column({ type: 'integer' })
  weight!: number;

  @ManyToOne(() => CampaignEntity, (campaign) => campaign.offers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_offers_campaign' })
  campaign?: CampaignEntity;

  @ManyToOne(() => OfferEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'fk_campaign_offers_offer' })
  offer?: OfferEntity;
}
