import type { CampaignConfigData } from '@clickledger/contracts';
import type {
  AffiliateNetworkEntity,
  CampaignWithOffers,
  OfferEntity,
  TrafficSourceEntity,
} from '@clickledger/persistence';

/** Everything a campaign's config is resolved from, loaded by the caller. */
export interface CampaignConfigSources {
  readonly campaign: CampaignWithOffers;
  readonly trafficSource: TrafficSourceEntity;
  readonly offers: ReadonlyMap<string, OfferEntity>;
  readonly networks: ReadonlyMap<string, AffiliateNetworkEntity>;
}

const latest = (dates: readonly Date[]): Date =>
  dates.reduce((max, date) => (date.getTime() > max.getTime() ? date : max));

/**
 * The config the click service redirects with, with no other lookup: the rotation with each
 * offer's URL and its network's click-ID rule. Archived campaigns are published as paused: the
 * click service answers 404 for both.
 */
export function buildCampaignConfig(sources: CampaignConfigSources): CampaignConfigData {
  const { campaign, trafficSource } = sources;
  const rows: Date[] = [campaign.updatedAt, trafficSource.updatedAt];
  const offers = [...campaign.offers]
    .sort((a, b) => a.offerId.localeCompare(b.offerId))
    .map((entry) => {
      const offer = sources.offers.get(entry.offerId);
      if (!offer) throw new Error(`offer ${entry.offerId} of campaign ${campaign.id} is missing`);
      const network = sources.networks.get(offer.affiliateNetworkId);
      if (!network) throw new Error(`network ${offer.affiliateNetworkId} of offer ${offer.id} is missing`);
      rows.push(offer.updatedAt, network.updatedAt);
      return {
        offerId: offer.id,
        weight: entry.weight,
        url: offer.url,
        affiliateNetworkId: network.id,
        clickIdParam: network.clickIdParam === '' ? null : network.clickIdParam,
        appendClickId: network.appendClickId,
        currency: offer.payoutCurrency,
      };
    });
  return {
    campaignId: campaign.id,
    campaignKey: campaign.key,
    status: campaign.status === 'active' ? 'active' : 'paused',
    trafficSource: {
      id: trafficSource.id,
      externalIdParam: trafficSource.externalIdParam,
      costParam: trafficSource.costParam,
      variables: { ...trafficSource.variables },
    },
    offers,
    // The newest change among the rows it was resolved from: a consumer can tell stale from fresh.
    updatedAt: latest(rows).toISOString(),
  };
}
