import { Module } from '@nestjs/common';
import { PostbackEventsPublisher } from './postback-events.publisher';
import { PostbackMetrics } from './postback.metrics';
import { ReceivePostbackService } from './receive-postback.service';
import { REJECTIONS_PUBLISHER_PROVIDERS } from './rejections-publisher';

/** `/postback` itself is a hot route outside Nest (`installPostbackRoute`, from `configurePostbackHttp`). */
@Module({
  providers: [
    ReceivePostbackService,
    PostbackEventsPublisher,
    PostbackMetrics,
    ...REJECTIONS_PUBLISHER_PROVIDERS,
  ],
  exports: [ReceivePostbackService],
})
export class PostbacksModule {}
