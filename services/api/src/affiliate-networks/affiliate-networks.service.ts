import { Injectable } from '@nestjs/common';
import { AffiliateNetworkRepository, type AffiliateNetworkEntity } from '@clickledger/persistence';
import { buildPostbackUrl } from '@clickledger/tracking';
import { ApiEnv } from '../api.env';
import { ResourceNotFoundError } from '../common/api.errors';
import { mapPage, readPage, type PageView } from '../common/page';
import type { PageQueryDto } from '../common/page-query.dto';
import { CampaignConfigService } from '../campaign-config/campaign-config.service';
import type { CreateAffiliateNetworkDto, UpdateAffiliateNetworkDto } from './affiliate-network.dto';
import { toAffiliateNetworkView, type AffiliateNetworkView } from './affiliate-network.view';
import { effectiveMacros, resolveNetworkSettings } from './network-settings';

const view = (row: AffiliateNetworkEntity): AffiliateNetworkView =>
  toAffiliateNetworkView(row, effectiveMacros(row.template, row.postbackMacros));

@Injectable()
export class AffiliateNetworksService {
  constructor(
    private readonly networks: AffiliateNetworkRepository,
    private readonly campaignConfig: CampaignConfigService,
    private readonly env: ApiEnv,
  ) {}

  async create(input: CreateAffiliateNetworkDto): Promise<AffiliateNetworkView> {
    const settings = resolveNetworkSettings(input);
    const row = await this.networks.create({
      name: input.name,
      template: input.template,
      clickIdParam: settings.clickIdParam ?? '',
      postbackMacros: settings.postbackMacros,
      statusMap: settings.statusMap ?? {},
      appendClickId: input.appendClickId ?? true,
      acceptDuplicatePostbacks: input.acceptDuplicatePostbacks ?? false,
      allowedIps: input.allowedIps ?? [],
    });
    return view(row);
  }

  async get(id: string): Promise<AffiliateNetworkView> {
    return view(await this.require(id));
  }

  async list(query: PageQueryDto): Promise<PageView<AffiliateNetworkView>> {
    return mapPage(await readPage(() => this.networks.list(query)), view);
  }

  async update(id: string, input: UpdateAffiliateNetworkDto): Promise<AffiliateNetworkView> {
    const current = await this.require(id);
    const settings = resolveNetworkSettings(input, current);
    const row = await this.networks.update(id, {
      name: input.name,
      template: input.template,
      clickIdParam: settings.clickIdParam,
      postbackMacros: settings.postbackMacros,
      statusMap: settings.statusMap,
      appendClickId: input.appendClickId,
      acceptDuplicatePostbacks: input.acceptDuplicatePostbacks,
      allowedIps: input.allowedIps,
    });
    if (!row) throw new ResourceNotFoundError('affiliate network', id);
    // The click-ID parameter and "append click ID" are part of every config using this network.
    await this.campaignConfig.publishCampaignsUsingNetwork(id);
    return view(row);
  }

  /** The URL to paste into the network's panel, with its macros verbatim. */
  async postbackUrl(id: string): Promise<{ url: string }> {
    const row = await this.require(id);
    const macros = effectiveMacros(row.template, row.postbackMacros);
    return {
      url: buildPostbackUrl(this.env.PUBLIC_POSTBACK_BASE_URL, macros, {
        postbackKey: this.env.POSTBACK_KEY,
      }),
    };
  }

  private async require(id: string): Promise<AffiliateNetworkEntity> {
    const row = await this.networks.findById(id);
    if (!row) throw new ResourceNotFoundError('affiliate network', id);
    return row;
  }
}
