import type { CampaignStatus, CampaignWithOffers } from '@clickledger/persistence';

export interface CampaignView {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly trackingUrl: string;
  readonly status: CampaignStatus;
  readonly trafficSourceId: string;
  readonly postbackUrl: string | null;
  readonly offers: { readonly offerId: string; readonly weight: number }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
