import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateAffiliateNetworkDto, UpdateAffiliateNetworkDto } from './affiliate-network.dto';
import type { AffiliateNetworkView } from './affiliate-network.view';
import { AffiliateNetworksService } from './affiliate-networks.service';

@ApiController('affiliate-networks', 'affiliate networks')
export class AffiliateNetworksController {
  constructor(private readonly networks: AffiliateNetworksService) {}

  @Post()
  create(@Body() body: CreateAffiliateNetworkDto): Promise<AffiliateNetworkView> {
    return this.networks.create(body);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<PageView<AffiliateNetworkView>> {
    return this.networks.list(query);
  }

  @Get(':id')
  get(@Param() { id }: IdParamDto): Promise<AffiliateNetworkView> {
    return this.networks.get(id);
  }

  @Patch(':id')
  update(
    @Param() { id }: IdParamDto,
    @Body() body: UpdateAffiliateNetworkDto,
  ): Promise<AffiliateNetworkView> {
    return this.networks.update(id, body);
  }

  @Get(':id/postback-url')
  postbackUrl(@Param() { id }: IdParamDto): Promise<{ url: string }> {
    return this.networks.postbackUrl(id);
  }
}
