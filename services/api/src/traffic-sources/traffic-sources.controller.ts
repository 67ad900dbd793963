import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import { ApiNotFound, ApiPageResponse } from '../common/openapi-responses';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateTrafficSourceDto, UpdateTrafficSourceDto } from './traffic-source.dto';
import { TrafficSourceView, TrafficSourceViewSchema } from './traffic-source.view';
import { TrafficSourcesService } from './traffic-sources.service';

@ApiController('traffic-sources', 'traffic sources')
export class TrafficSourcesController {
  constructor(private readonly trafficSources: TrafficSourcesService) {}

  @Post()
  @ApiCreatedResponse({ type: TrafficSourceViewSchema })
  create(@Body() body: CreateTrafficSourceDto): Promise<TrafficSourceView> {
    return this.trafficSources.create(body);
  }

  @Get()
  @ApiPageResponse(TrafficSourceViewSchema)
  list(@Query() query: PageQueryDto): Promise<PageView<TrafficSourceView>> {
    return this.trafficSources.list(query);
  }

  @Get(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: TrafficSourceViewSchema })
  get(@Param() { id }: IdParamDto): Promise<TrafficSourceView> {
    return this.trafficSources.get(id);
  }

  @Patch(':id')
  @ApiNotFound()
  @ApiOkResponse({ type: TrafficSourceViewSchema })
  update(@Param() { id }: IdParamDto, @Body() body: UpdateTrafficSourceDto): Promise<TrafficSourceView> {
    return this.trafficSources.update(id, body);
  }
}
