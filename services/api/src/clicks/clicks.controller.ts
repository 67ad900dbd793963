import { Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { ApiController } from '../auth/api-controller.decorator';
import { ErrorBodyView } from '../common/openapi-responses';
import { ClickView, ClickViewSchema } from './click.view';
import { ClicksService } from './clicks.service';

@ApiController('clicks', 'clicks')
export class ClicksController {
  constructor(private readonly clicks: ClicksService) {}

  @Get(':clickId')
  @ApiParam({ name: 'clickId', type: String, description: '26 characters of Crockford base32, any case' })
  @ApiOkResponse({ type: ClickViewSchema })
  @ApiNotFoundResponse({ type: ErrorBodyView, description: 'no click with that ID' })
  get(@Param('clickId') clickId: string): Promise<ClickView> {
    return this.clicks.get(clickId);
  }
}
