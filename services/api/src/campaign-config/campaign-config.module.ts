import { Module } from '@nestjs/common';
import { CampaignConfigPublisher } from './campaign-config.publisher';
import { CampaignConfigService } from './campaign-config.service';
import { CampaignUsageRepository } from './campaign-usage.repository';

@Module({
  providers: [CampaignConfigService, CampaignConfigPublisher, CampaignUsageRepository],
  exports: [CampaignConfigService],
})
export class CampaignConfigModule {}
