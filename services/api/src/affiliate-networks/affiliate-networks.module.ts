import { Module } from '@nestjs/common';
import { CampaignConfigModule } from '../campaign-config/campaign-config.module';
import { AffiliateNetworksController } from './affiliate-networks.controller';
import { AffiliateNetworksService } from './affiliate-networks.service';
import { NetworkTemplatesController } from './network-templates.controller';

@Module({
  imports: [CampaignConfigModule],
  controllers: [AffiliateNetworksController, NetworkTemplatesController],
  providers: [AffiliateNetworksService],
})
export class AffiliateNetworksModule {}
