import { Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import {
  NETWORK_TEMPLATE_LIST,
  NetworkTemplateListView,
  NetworkTemplateListViewSchema,
} from './network-template.view';

/** The template catalog, so a client (the dashboard's template picker) shows what each one fills in. */
@ApiController('affiliate-network-templates', 'affiliate networks')
export class NetworkTemplatesController {
  @Get()
  @ApiOkResponse({ type: NetworkTemplateListViewSchema })
  list(): NetworkTemplateListView {
    return NETWORK_TEMPLATE_LIST;
  }
}
