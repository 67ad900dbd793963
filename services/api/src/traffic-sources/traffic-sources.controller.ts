import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiController } from '../auth/api-controller.decorator';
import { IdParamDto } from '../common/id-param.dto';
import type { PageView } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateTrafficSourceDto, UpdateTrafficSourceDto } from './traffic-source.dto';
import type { TrafficSourceView } from './traffic-source.view';
import { TrafficSourcesService } from './traffic-sources.service';

@ApiController('traffic-sources', 'traffic sources')
export class TrafficSourcesController {
  constructor(private readonly trafficSources: TrafficSourcesService) {}

  @Post()
  create(@Body() body: CreateTrafficSourceDto): Promise<TrafficSourceView> {
    return this.trafficSources.create(body);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<PageView<TrafficSourceView>> {
    return this.trafficSources.list(query);
  }

  @Get(':id')
  get(@Param() { id }: IdParamDto): Promise<TrafficSourceView> {
    return this.trafficSources.get(id);
  }

  @Patch(':id')
  update(@Param() { id }: IdParamDto, @Body() body: UpdateTrafficSourceDto): Promise<TrafficSourceView> {
    return this.trafficSources.update(id, body);
  }
}
