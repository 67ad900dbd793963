import { Get, Param } from '@nestjs/common';
import { ApiController } from '../auth/api-controller.decorator';
import type { ClickView } from './click.view';
import { ClicksService } from './clicks.service';

@ApiController('clicks', 'clicks')
export class ClicksController {
  constructor(private readonly clicks: ClicksService) {}

  @Get(':clickId')
  get(@Param('clickId') clickId: string): Promise<ClickView> {
    return this.clicks.get(clickId);
  }
}
