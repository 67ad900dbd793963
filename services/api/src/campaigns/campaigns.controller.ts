import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import { ApiNotFound, ApiPageResponse } from '../common/openapi-responses';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { CampaignView, CampaignViewSchema } from './campaign.view';
import { CampaignsService } from './campaigns.service';

@ApiController('campaigns', 'campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiCreatedResponse({ type: CampaignViewSchema })
  create(@Body() body: CreateCampaignDto): Promise<CampaignView> {
    return this.campaigns.create(body);
  }

  @Get()
  @ApiPageResponse(CampaignViewSchema)
  list(@Query() query: PageQueryDto): Promise<PageView<CampaignView>> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: CampaignViewSchema })
  get(@Param() { id }: IdParamDto): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: CampaignViewSchema })
  update(@Param() { id }: IdParamDto, @Body() body: UpdateCampaignDto): Promise<CampaignView> {
    return this.campaigns.update(id, body);
  }
}
