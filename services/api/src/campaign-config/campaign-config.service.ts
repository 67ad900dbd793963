import { Injectable, Logger } from '@nestjs/common';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  OfferRepository,
  TrafficSourceRepository,
  type AffiliateNetworkEntity,
} from '@clickledger/persistence';
import { buildCampaignConfig } from './campaign-config.builder';
import { CampaignConfigPublisher } from './campaign-config.publisher';
import { CampaignUsageRepository } from './campaign-usage.repository';
import { KeyedSerialQueue } from './keyed-serial-queue';

const REPUBLISH_PAGE_SIZE = 200;

/**
 * Keeps `campaigns.config.v1` in step with the catalog: after any write that changes what a
 * campaign redirects to, the campaign's config is re-resolved from the database and published.
 * Callers await it, so a 2xx from the API means the click service will see the change.
 */
@Injectable()
export class CampaignConfigService {
  private readonly logger = new Logger(CampaignConfigService.name);
  private readonly queue = new KeyedSerialQueue();

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly offers: OfferRepository,
    private readonly networks: AffiliateNetworkRepository,
    private readonly trafficSources: TrafficSourceRepository,
    private readonly usage: CampaignUsageRepository,
    private readonly publisher: CampaignConfigPublisher,
  ) {}

  publishCampaign(campaignId: string): Promise<void> {
    return this.queue.run(campaignId, () => this.resolveAndPublish(campaignId));
  }

  async publishCampaignsUsingOffer(offerId: string): Promise<void> {
    await this.publishAll(await this.usage.campaignsUsingOffer(offerId));
  }

  async publishCampaignsUsingNetwork(networkId: string): Promise<void> {
    await this.publishAll(await this.usage.campaignsUsingNetwork(networkId));
  }

  async publishCampaignsUsingTrafficSource(trafficSourceId: string): Promise<void> {
    await this.publishAll(await this.usage.campaignsUsingTrafficSource(trafficSourceId));
  }

  /**
   * Publishes every campaign's config again, e.g. after restoring the database or recreating the
   * topic. Returns how many campaigns were published.
   */
  async republishAllCampaigns(): Promise<number> {
    let published = 0;
    let cursor: string | null = null;
    do {
      const page = await this.campaigns.list({ limit: REPUBLISH_PAGE_SIZE, cursor });
      await this.publishAll(page.items.map((campaign) => campaign.id));
      published += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    this.logger.log({ published }, 'republished every campaign config');
    return published;
  }

  private async publishAll(campaignIds: readonly string[]): Promise<void> {
    await Promise.all(campaignIds.map((id) => this.publishCampaign(id)));
  }

  private async resolveAndPublish(campaignId: string): Promise<void> {
    const campaign = await this.campaigns.findById(campaignId);
    if (!campaign) return;
    const [trafficSource, offers] = await Promise.all([
      this.trafficSources.findById(campaign.trafficSourceId),
      this.offers.findByIds(campaign.offers.map((entry) => entry.offerId)),
    ]);
    if (!trafficSource) throw new Error(`traffic source of campaign ${campaignId} is missing`);
    const networkIds = [...new Set(offers.map((offer) => offer.affiliateNetworkId))];
    const networks = await Promise.all(networkIds.map((id) => this.networks.findById(id)));
    await this.publisher.publish(
      buildCampaignConfig({
        campaign,
        trafficSource,
        offers: new Map(offers.map((offer) => [offer.id, offer])),
        networks: new Map(
          networks
            .filter((network): network is AffiliateNetworkEntity => network !== null)
            .map((network) => [network.id, network]),
        ),
      }),
    );
  }
}
