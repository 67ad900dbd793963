import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import { ApiNotFound, ApiPageResponse } from '../common/openapi-responses';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateAffiliateNetworkDto, UpdateAffiliateNetworkDto } from './affiliate-network.dto';
import {
  AffiliateNetworkView,
  PostbackUrlView,
  PostbackUrlViewSchema,
  AffiliateNetworkViewSchema,
} from './affiliate-network.view';
import { AffiliateNetworksService } from './affiliate-networks.service';

@ApiController('affiliate-networks', 'affiliate networks')
export class AffiliateNetworksController {
  constructor(private readonly networks: AffiliateNetworksService) {}

  @Post()
  @ApiCreatedResponse({ type: AffiliateNetworkViewSchema })
  create(@Body() body: CreateAffiliateNetworkDto): Promise<AffiliateNetworkView> {
    return this.networks.create(body);
  }

  @Get()
  @ApiPageResponse(AffiliateNetworkViewSchema)
  list(@Query() query: PageQueryDto): Promise<PageView<AffiliateNetworkView>> {
    return this.networks.list(query);
  }

  @Get(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: AffiliateNetworkViewSchema })
  get(@Param() { id }: IdParamDto): Promise<AffiliateNetworkView> {
    return this.networks.get(id);
  }

  @Patch(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: AffiliateNetworkViewSchema })
  update(
    @Param() { id }: IdParamDto,
    @Body() body: UpdateAffiliateNetworkDto,
  ): Promise<AffiliateNetworkView> {
    return this.networks.update(id, body);
  }

  @Get(':id/postback-url')
  @ApiNotFound()
  @ApiOkResponse({ type: PostbackUrlViewSchema })
  postbackUrl(@Param() { id }: IdParamDto): Promise<PostbackUrlView> {
    return this.networks.postbackUrl(id);
  }
}
