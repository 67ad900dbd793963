import { Body, Post } from '@nestjs/common';
import { CampaignRepository } from '@clickledger/persistence';
import { normalizeCurrencyCode, normalizeDecimalAmount } from '@clickledger/tracking';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { ReferenceNotFoundError } from '../common/api.errors';
import { CostView, CreateCostDto, parseCostTime, CostViewSchema } from './cost.dto';
import { CostsRepository } from './costs.repository';

/** Campaign costs a source cannot pass per click; reports spread them over the range's clicks. */
@ApiController('costs', 'costs')
export class CostsController {
  constructor(
    private readonly costs: CostsRepository,
    private readonly campaigns: CampaignRepository,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CostViewSchema })
  async create(@Body() body: CreateCostDto): Promise<CostView> {
    if ((await this.campaigns.findById(body.campaignId)) === null)
      throw new ReferenceNotFoundError('campaignId', 'campaign', body.campaignId);
    // Validated: every part parses.
    const instant = (text: string) => (parseCostTime(text) ?? new Date(NaN)).toISOString();
    return this.costs.insert({
      campaignId: body.campaignId,
      from: instant(body.from),
      to: instant(body.to),
      amount: normalizeDecimalAmount(body.amount) ?? body.amount,
      currency: normalizeCurrencyCode(body.currency) ?? body.currency,
    });
  }
}
