import { Module } from '@nestjs/common';
import { CampaignConfigModule } from '../campaign-config/campaign-config.module';
import { TrafficSourcesController } from './traffic-sources.controller';
import { TrafficSourcesService } from './traffic-sources.service';

@Module({
  imports: [CampaignConfigModule],
  controllers: [TrafficSourcesController],
  providers: [TrafficSourcesService],
})
export class TrafficSourcesModule {}
