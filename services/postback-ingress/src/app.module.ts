import { Module } from '@nestjs/common';
import { DurablePublisherModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { PostbacksModule } from './postbacks/postbacks.module';

export const SERVICE_NAME = 'postback-ingress';

@Module({
  imports: [
    // Readiness: postbacks can be made durable (the publisher's check: Kafka, or room in the spool).
    HealthModule.forRoot(),
    DurablePublisherModule.forRoot({ serviceName: SERVICE_NAME }),
    PostbacksModule,
  ],
})
export class AppModule {}
