import { Injectable } from '@nestjs/common';
import {
  CampaignRepository,
  OfferRepository,
  TrafficSourceRepository,
  type CampaignWithOffers,
  type TrafficSourceEntity,
} from '@clickledger/persistence';
import { ApiEnv } from '../api.env';
import { ReferenceNotFoundError, ResourceNotFoundError } from '../common/api.errors';
import { readPage, type PageView } from '../common/page';
import type { PageQueryDto } from '../common/page-query.dto';
import { CampaignConfigService } from '../campaign-config/campaign-config.service';
import type { CampaignOfferDto, CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { toCampaignView, type CampaignView } from './campaign.view';
import { buildTrackingUrl } from './tracking-url';

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly offers: OfferRepository,
    private readonly trafficSources: TrafficSourceRepository,
    private readonly campaignConfig: CampaignConfigService,
    private readonly env: ApiEnv,
  ) {}

  async create(input: CreateCampaignDto): Promise<CampaignView> {
    const source = await this.requireTrafficSource(input.trafficSourceId);
    await this.requireOffers(input.offers);
    const row = await this.campaigns.create({
      name: input.name,
      trafficSourceId: input.trafficSourceId,
      status: input.status ?? 'active',
      postbackUrl: input.postbackUrl ?? null,
      offers: input.offers,
    });
    await this.campaignConfig.publishCampaign(row.id);
    return this.view(row, source);
  }

  async get(id: string): Promise<CampaignView> {
    const row = await this.require(id);
    return this.view(row, await this.requireTrafficSource(row.trafficSourceId));
  }

  async list(query: PageQueryDto): Promise<PageView<CampaignView>> {
    const page = await readPage(() => this.campaigns.list(query));
    const sourceIds = [...new Set(page.items.map((row) => row.trafficSourceId))];
    const sources = new Map(
      await Promise.all(sourceIds.map(async (id) => [id, await this.requireTrafficSource(id)] as const)),
    );
    return {
      items: page.items.map((row) => this.view(row, sources.get(row.trafficSourceId))),
      nextCursor: page.nextCursor,
    };
  }

  /** Pausing or archiving publishes the campaign as paused: its link answers 404. */
  async update(id: string, input: UpdateCampaignDto): Promise<CampaignView> {
    await this.require(id);
    if (input.trafficSourceId !== undefined) await this.requireTrafficSource(input.trafficSourceId);
    if (input.offers !== undefined) await this.requireOffers(input.offers);
    const row = await this.campaigns.update(id, {
      name: input.name,
      trafficSourceId: input.trafficSourceId,
      status: input.status,
      postbackUrl: input.postbackUrl,
      offers: input.offers,
    });
    if (!row) throw new ResourceNotFoundError('campaign', id);
    await this.campaignConfig.publishCampaign(id);
    return this.view(row, await this.requireTrafficSource(row.trafficSourceId));
  }

  private view(row: CampaignWithOffers, source: TrafficSourceEntity | undefined): CampaignView {
    if (!source) throw new Error(`traffic source ${row.trafficSourceId} of campaign ${row.id} is missing`);
    return toCampaignView(row, buildTrackingUrl(this.env.PUBLIC_CLICK_BASE_URL, row.key, source));
  }

  private async require(id: string): Promise<CampaignWithOffers> {
    const row = await this.campaigns.findById(id);
    if (!row) throw new ResourceNotFoundError('campaign', id);
    return row;
  }

  private async requireTrafficSource(id: string): Promise<TrafficSourceEntity> {
    const source = await this.trafficSources.findById(id);
    if (!source) throw new ReferenceNotFoundError('trafficSourceId', 'traffic source', id);
    return source;
  }

  private async requireOffers(entries: readonly CampaignOfferDto[]): Promise<void> {
    const found = new Set(
      (await this.offers.findByIds(entries.map((entry) => entry.offerId))).map((o) => o.id),
    );
    const missing = entries.findIndex((entry) => !found.has(entry.offerId));
    if (missing !== -1) {
      throw new ReferenceNotFoundError(`offers.${missing}.offerId`, 'offer', entries[missing].offerId);
    }
  }
}
