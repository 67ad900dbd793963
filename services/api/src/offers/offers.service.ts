import { Injectable } from '@nestjs/common';
import { AffiliateNetworkRepository, OfferRepository, type OfferEntity } from '@clickledger/persistence';
import { normalizeCurrencyCode, normalizeDecimalAmount } from '@clickledger/tracking';
import { ReferenceNotFoundError, ResourceNotFoundError } from '../common/api.errors';
import { mapPage, readPage, type PageView } from '../common/page';
import type { PageQueryDto } from '../common/page-query.dto';
import { CampaignConfigService } from '../campaign-config/campaign-config.service';
import type { CreateOfferDto, PayoutPatchDto, UpdateOfferDto } from './offer.dto';
import { toOfferView, type OfferView } from './offer.view';

/** The DTO validated both; these only canonicalize (`usd` → `USD`, `12.50` → `12.5`). */
const currency = (code: string): string => normalizeCurrencyCode(code) ?? code;
const amount = (value: string): string => normalizeDecimalAmount(value) ?? value;

@Injectable()
export class OffersService {
  constructor(
    private readonly offers: OfferRepository,
    private readonly networks: AffiliateNetworkRepository,
    private readonly campaignConfig: CampaignConfigService,
  ) {}

  async create(input: CreateOfferDto): Promise<OfferView> {
    await this.requireNetwork(input.affiliateNetworkId);
    const row = await this.offers.create({
      name: input.name,
      url: input.url,
      affiliateNetworkId: input.affiliateNetworkId,
      payoutMode: input.payout.mode ?? 'auto',
      payoutAmount: amount(input.payout.amount ?? '0'),
      payoutCurrency: currency(input.payout.currency),
      attributionWindowDays: input.attributionWindowDays ?? 30,
    });
    return toOfferView(row);
  }

  async get(id: string): Promise<OfferView> {
    return toOfferView(await this.require(id));
  }

  async list(query: PageQueryDto): Promise<PageView<OfferView>> {
    return mapPage(await readPage(() => this.offers.list(query)), toOfferView);
  }

  async update(id: string, input: UpdateOfferDto): Promise<OfferView> {
    await this.require(id);
    if (input.affiliateNetworkId !== undefined) await this.requireNetwork(input.affiliateNetworkId);
    const row = await this.offers.update(id, {
      name: input.name,
      url: input.url,
      affiliateNetworkId: input.affiliateNetworkId,
      ...payoutPatch(input.payout),
      attributionWindowDays: input.attributionWindowDays,
    });
    if (!row) throw new ResourceNotFoundError('offer', id);
    await this.campaignConfig.publishCampaignsUsingOffer(id);
    return toOfferView(row);
  }

  private async require(id: string): Promise<OfferEntity> {
    const row = await this.offers.findById(id);
    if (!row) throw new ResourceNotFoundError('offer', id);
    return row;
  }

  private async requireNetwork(id: string): Promise<void> {
    if (!(await this.networks.findById(id))) {
      throw new ReferenceNotFoundError('affiliateNetworkId', 'affiliate network', id);
    }
  }
}

function payoutPatch(payout: PayoutPatchDto | undefined) {
  if (payout === undefined) return {};
  return {
    payoutMode: payout.mode,
    payoutAmount: payout.amount === undefined ? undefined : amount(payout.amount),
    payoutCurrency: payout.currency === undefined ? undefined : currency(payout.currency),
  };
}
