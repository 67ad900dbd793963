import { Injectable } from '@nestjs/common';
import {
  TrafficSourceRepository,
  type TrafficSourceEntity,
  type VariableParams,
} from '@clickledger/persistence';
import { ResourceNotFoundError } from '../common/api.errors';
import { mapPage, readPage, type PageView } from '../common/page';
import type { PageQueryDto } from '../common/page-query.dto';
import { CampaignConfigService } from '../campaign-config/campaign-config.service';
import type { CreateTrafficSourceDto, UpdateTrafficSourceDto, VariableParamsDto } from './traffic-source.dto';
import { toTrafficSourceView, type TrafficSourceView } from './traffic-source.view';

/** Only the variables that are set: `{var1: "zone"}`, never `{var1: "zone", var2: undefined}`. */
function variableParams(variables: VariableParamsDto | undefined): VariableParams | undefined {
  if (variables === undefined) return undefined;
  return Object.fromEntries(Object.entries(variables).filter(([, param]) => typeof param === 'string'));
}

@Injectable()
export class TrafficSourcesService {
  constructor(
    private readonly trafficSources: TrafficSourceRepository,
    private readonly campaignConfig: CampaignConfigService,
  ) {}

  async create(input: CreateTrafficSourceDto): Promise<TrafficSourceView> {
    const row = await this.trafficSources.create({
      name: input.name,
      externalIdParam: input.externalIdParam ?? null,
      costParam: input.costParam ?? null,
      variables: variableParams(input.variables) ?? {},
      postbackUrl: input.postbackUrl ?? null,
      postbackMethod: input.postbackMethod ?? 'GET',
      postbackStatuses: input.postbackStatuses ?? ['approved'],
    });
    return toTrafficSourceView(row);
  }

  async get(id: string): Promise<TrafficSourceView> {
    return toTrafficSourceView(await this.require(id));
  }

  async list(query: PageQueryDto): Promise<PageView<TrafficSourceView>> {
    return mapPage(await readPage(() => this.trafficSources.list(query)), toTrafficSourceView);
  }

  /** `null` clears an optional parameter; `variables` replaces the whole mapping. */
  async update(id: string, input: UpdateTrafficSourceDto): Promise<TrafficSourceView> {
    await this.require(id);
    const row = await this.trafficSources.update(id, {
      name: input.name,
      externalIdParam: input.externalIdParam,
      costParam: input.costParam,
      variables: variableParams(input.variables),
      postbackUrl: input.postbackUrl,
      postbackMethod: input.postbackMethod,
      postbackStatuses: input.postbackStatuses,
    });
    if (!row) throw new ResourceNotFoundError('traffic source', id);
    await this.campaignConfig.publishCampaignsUsingTrafficSource(id);
    return toTrafficSourceView(row);
  }

  private async require(id: string): Promise<TrafficSourceEntity> {
    const row = await this.trafficSources.findById(id);
    if (!row) throw new ResourceNotFoundError('traffic source', id);
    return row;
  }
}
