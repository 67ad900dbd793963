import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { AwaitedClicks } from './awaited-clicks';
import { ClickCacheRepository } from './click-cache.repository';
import { ClickLookupService } from './click-lookup.service';
import { ClicksConsumer } from './clicks.consumer';
import { RecordClicksService } from './record-clicks.service';

/** Clicks: stored from Kafka, looked up by the attribution (Redis first, Postgres on a miss). */
@Module({
  imports: [MessagesModule],
  providers: [AwaitedClicks, ClickCacheRepository, ClickLookupService, RecordClicksService, ClicksConsumer],
  exports: [AwaitedClicks, ClickLookupService],
})
export class ClicksModule {}
