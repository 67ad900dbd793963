import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ClicksModule } from '../clicks/clicks.module';
import { MessagesModule } from '../messages/messages.module';
import { AttributePostbacksService } from './attribute-postbacks.service';
import { AttributionRepository } from './attribution.repository';
import { ConversionEventsPublisher } from './conversion-events.publisher';
import { PostbacksConsumer } from './postbacks.consumer';

/** Accepted postbacks → conversions (CONTRACT §5) and their `conversions.attributed.v1` events. */
@Module({
  imports: [MessagesModule, ClicksModule, CatalogModule],
  providers: [AttributionRepository, ConversionEventsPublisher, AttributePostbacksService, PostbacksConsumer],
})
export class PostbacksModule {}
