import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { RecordRejectionsService } from './record-rejections.service';
import { RejectionsConsumer } from './rejections.consumer';

/** Postbacks the ingress rejected, into the postback log. */
@Module({
  imports: [MessagesModule],
  providers: [RecordRejectionsService, RejectionsConsumer],
})
export class RejectionsModule {}
