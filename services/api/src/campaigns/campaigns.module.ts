import { Module } from '@nestjs/common';
import { CampaignConfigModule } from '../campaign-config/campaign-config.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [CampaignConfigModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
