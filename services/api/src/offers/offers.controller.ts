import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import { ApiNotFound, ApiPageResponse } from '../common/openapi-responses';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateOfferDto, UpdateOfferDto } from './offer.dto';
import { OfferView, OfferViewSchema } from './offer.view';
import { OffersService } from './offers.service';

@ApiController('offers', 'offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post()
  @ApiCreatedResponse({ type: OfferViewSchema })
  create(@Body() body: CreateOfferDto): Promise<OfferView> {
    return this.offers.create(body);
  }

  @Get()
  @ApiPageResponse(OfferViewSchema)
  list(@Query() query: PageQueryDto): Promise<PageView<OfferView>> {
    return this.offers.list(query);
  }

  @Get(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: OfferViewSchema })
  get(@Param() { id }: IdParamDto): Promise<OfferView> {
    return this.offers.get(id);
  }

  @Patch(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: OfferViewSchema })
  update(@Param() { id }: IdParamDto, @Body() body: UpdateOfferDto): Promise<OfferView> {
    return this.offers.update(id, body);
  }
}
