import { Module } from '@nestjs/common';
import { PostbackController } from './postback.controller';
import { PostbackEventsPublisher } from './postback-events.publisher';
import { PostbackMetrics } from './postback.metrics';
import { ReceivePostbackService } from './receive-postback.service';
import { REJECTIONS_PUBLISHER_PROVIDERS } from './rejections-publisher';

@Module({
  controllers: [PostbackController],
  providers: [
    ReceivePostbackService,
    PostbackEventsPublisher,
    PostbackMetrics,
    ...REJECTIONS_PUBLISHER_PROVIDERS,
  ],
  exports: [ReceivePostbackService],
})
export class PostbacksModule {}
