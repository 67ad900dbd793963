import type { CampaignConfigData, TrafficSourceConfig } from '@clickledger/contracts';
import { compileOfferUrl, type OfferUrlTemplate } from '@clickledger/tracking';
import { SourceParameters } from './source-parameters';
import { WeightedPicker } from './weighted-picker';

export interface RoutableOffer {
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly template: OfferUrlTemplate;
}

/** A campaign ready to redirect: templates compiled and the rotation precomputed at load time. */
export interface RoutableCampaign {
  readonly campaignId: string;
  readonly campaignKey: string;
  readonly trafficSource: TrafficSourceConfig;
  /** The query parameters its traffic source names, read from each link. */
  readonly parameters: SourceParameters;
  readonly offers: WeightedPicker<RoutableOffer>;
}

export interface CatalogProblem {
  readonly campaignKey: string;
  readonly offerId?: string;
  readonly message: string;
}

/**
 * The active campaigns, by key, in memory: the redirect path never waits on a database. A paused
 * campaign, a tombstone or a config with no usable offer removes the key (the link answers 404).
 * Until it is `loaded` (from Kafka, or from the local snapshot) a missing key proves nothing.
 */
export class CampaignCatalog {
  private campaigns = new Map<string, RoutableCampaign>();
  /** The configs behind `campaigns`, as received: what the local snapshot keeps. */
  private configs = new Map<string, CampaignConfigData>();
  private isLoaded = false;

  get size(): number {
    return this.campaigns.size;
  }

  get loaded(): boolean {
    return this.isLoaded;
  }

  markLoaded(): void {
    this.isLoaded = true;
  }

  /** The configs of the campaigns it routes, for the local snapshot. */
  activeConfigs(): CampaignConfigData[] {
    return [...this.configs.values()];
  }

  /** Takes over everything `other` holds, at once (a catch-up built aside replaces a stale start). */
  replaceWith(other: CampaignCatalog): void {
    this.campaigns = new Map(other.campaigns);
    this.configs = new Map(other.configs);
    this.isLoaded = true;
  }

  find(campaignKey: string): RoutableCampaign | undefined {
    return this.campaigns.get(campaignKey);
  }

  /** Applies one config (or a tombstone: `null`); returns what was wrong with it, if anything. */
  apply(campaignKey: string, config: CampaignConfigData | null): CatalogProblem[] {
    if (config === null || config.status !== 'active') {
      this.remove(campaignKey);
      return [];
    }
    const problems: CatalogProblem[] = [];
    const offers: RoutableOffer[] = [];
    const weights = new Map<RoutableOffer, number>();
    for (const offer of config.offers) {
      const compiled = compileOfferUrl(offer.url);
      if (!compiled.ok) {
        problems.push({
          campaignKey,
          offerId: offer.offerId,
          message: compiled.errors.map((error) => error.message).join('; '),
        });
        continue;
      }
      const routable: RoutableOffer = {
        offerId: offer.offerId,
        affiliateNetworkId: offer.affiliateNetworkId,
        template: compiled.template.withClickIdAppended({
          clickIdParam: offer.clickIdParam ?? null,
          appendClickId: offer.appendClickId,
        }),
      };
      offers.push(routable);
      weights.set(routable, offer.weight);
    }
    if (offers.length === 0) {
      this.remove(campaignKey);
      problems.push({ campaignKey, message: 'no offer with a valid URL: the campaign link answers 404' });
      return problems;
    }
    this.campaigns.set(campaignKey, {
      campaignId: config.campaignId,
      campaignKey,
      trafficSource: config.trafficSource,
      parameters: new SourceParameters(config.trafficSource),
      offers: new WeightedPicker(offers, (offer) => weights.get(offer) ?? 1),
    });
    this.configs.set(campaignKey, config);
    return problems;
  }

  private remove(campaignKey: string): void {
    this.campaigns.delete(campaignKey);
    this.configs.delete(campaignKey);
  }
}
