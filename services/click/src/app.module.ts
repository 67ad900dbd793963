import { Module } from '@nestjs/common';
import { DurablePublisherModule, KafkaConsumersModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { ClicksModule } from './clicks/clicks.module';

export const SERVICE_NAME = 'click';

@Module({
  imports: [
    // Readiness: campaigns loaded (the config consumer's check) and clicks can be made durable
    // (the publisher's check).
    HealthModule.forRoot(),
    DurablePublisherModule.forRoot({ serviceName: SERVICE_NAME }),
    KafkaConsumersModule.forRoot({ serviceName: SERVICE_NAME }),
    ClicksModule,
  ],
})
export class AppModule {}
