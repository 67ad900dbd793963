import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ClickMetrics } from './click.metrics';
import { RecordClickService } from './record-click.service';
import { RedirectController } from './redirect.controller';

@Module({
  imports: [CampaignsModule],
  controllers: [RedirectController],
  providers: [RecordClickService, ClickMetrics],
})
export class ClicksModule {}
