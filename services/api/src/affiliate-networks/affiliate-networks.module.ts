import { Module } from '@nestjs/common';
import { CampaignConfigModule } from '../campaign-config/campaign-config.module';
import { AffiliateNetworksController } from './affiliate-networks.controller';
import { AffiliateNetworksService } from './affiliate-networks.service';

@Module({
  imports: [CampaignConfigModule],
  controllers: [AffiliateNetworksController],
  providers: [AffiliateNetworksService],
})
export class AffiliateNetworksModule {}
