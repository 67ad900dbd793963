import { Module } from '@nestjs/common';
import { EventConsumers } from './event-consumers';
import { UnprocessableMessages } from './unprocessable-messages';

/** Consuming contract topics the attribution way; each feature adds its consumer with EventConsumers. */
@Module({
  providers: [EventConsumers, UnprocessableMessages],
  exports: [EventConsumers],
})
export class MessagesModule {}
