import { Module } from '@nestjs/common';
import { ClicksModule } from '../clicks/clicks.module';
import { PendingPostbacksRepository } from './pending-postbacks.repository';
import { PendingPostbacksScanner } from './pending-postbacks.scanner';

/** Early postbacks: sent back to the postbacks topic once their click exists. */
@Module({
  imports: [ClicksModule],
  providers: [PendingPostbacksRepository, PendingPostbacksScanner],
  exports: [PendingPostbacksScanner],
})
export class PendingModule {}
