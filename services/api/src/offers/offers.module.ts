import { Module } from '@nestjs/common';
import { CampaignConfigModule } from '../campaign-config/campaign-config.module';
import { OffersController } from './offers.controller';
import { OffersService } from './offers.service';

@Module({
  imports: [CampaignConfigModule],
  controllers: [OffersController],
  providers: [OffersService],
})
export class OffersModule {}
