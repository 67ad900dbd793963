import { Module } from '@nestjs/common';
import { CampaignCatalog } from './campaign-catalog';
import { CampaignConfigConsumer } from './campaign-config.consumer';

@Module({
  providers: [CampaignCatalog, CampaignConfigConsumer],
  exports: [CampaignCatalog],
})
export class CampaignsModule {}
