import { Module } from '@nestjs/common';
import { PostbackController } from './postback.controller';
import { PostbackEventsPublisher } from './postback-events.publisher';
import { PostbackMetrics } from './postback.metrics';
import { ReceivePostbackService } from './receive-postback.service';

@Module({
  controllers: [PostbackController],
  providers: [ReceivePostbackService, PostbackEventsPublisher, PostbackMetrics],
})
export class PostbacksModule {}
