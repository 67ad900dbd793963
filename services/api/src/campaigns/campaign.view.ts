import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, type CampaignStatus, type CampaignWithOffers } from '@clickledger/persistence';
import type { Plain } from '../common/openapi-responses';

@ApiSchema({ name: 'CampaignOfferView' })
export class CampaignOfferViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly offerId!: string;

  @ApiProperty({ example: 100, description: 'share = weight / sum of weights' })
  readonly weight!: number;
}

export type CampaignOfferView = Plain<CampaignOfferViewSchema>;

@ApiSchema({ name: 'CampaignView' })
export class CampaignViewSchema {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ description: 'the campaign link is /c/{key}' })
  readonly key!: string;

  @ApiProperty({ example: 'https://t.example/c/k7Qm2x', description: 'the link to give the traffic source' })
  readonly trackingUrl!: string;

  @ApiProperty({ enum: CAMPAIGN_STATUSES })
  readonly status!: CampaignStatus;

  @ApiProperty({ format: 'uuid' })
  readonly trafficSourceId!: string;

  @ApiProperty({ type: String, nullable: true, description: "overrides the traffic source's postbackUrl" })
  readonly postbackUrl!: string | null;

  @ApiProperty({ type: [CampaignOfferViewSchema] })
  readonly offers!: CampaignOfferView[];

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}

export type CampaignView = Plain<CampaignViewSchema>;

export function toCampaignView(row: CampaignWithOffers, trackingUrl: string): CampaignView {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    trackingUrl,
    status: row.status,
    trafficSourceId: row.trafficSourceId,
    postbackUrl: row.postbackUrl,
    offers: row.offers
      .map((entry) => ({ offerId: entry.offerId, weight: entry.weight }))
      .sort((a, b) => a.offerId.localeCompare(b.offerId)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
