import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateOfferDto, UpdateOfferDto } from './offer.dto';
import type { OfferView } from './offer.view';
import { OffersService } from './offers.service';

@ApiController('offers', 'offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  create(@Body() body: CreateOfferDto): Promise<OfferView> {
    return this.offers.create(body);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<PageView<OfferView>> {
    return this.offers.list(query);
  }

  @Get(':id')
  get(@Param() { id }: IdParamDto): Promise<OfferView> {
    return this.offers.get(id);
  }

  @Patch(':id')
  update(@Param() { id }: IdParamDto, @Body() body: UpdateOfferDto): Promise<OfferView> {
    return this.offers.update(id, body);
  }
}
