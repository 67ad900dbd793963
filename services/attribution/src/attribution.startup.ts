import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSchemaMigrated } from '@clickledger/persistence';
import { KafkaConsumers } from '@clickledger/platform-kafka';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from './attribution-settings';
import { PendingPostbacksScanner } from './pending/pending-postbacks.scanner';

/**
 * Starts consuming once the app is up and the schema is migrated (else the start fails, saying
 * to run the migrations), then the pending-postback scanner; stops the scanner on shutdown (the
 * consumers drain by themselves).
 */
@Injectable()
export class AttributionStartup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATTRIBUTION_SETTINGS) private readonly settings: AttributionSettings,
    private readonly consumers: KafkaConsumers,
    private readonly scanner: PendingPostbacksScanner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await assertSchemaMigrated(this.dataSource, this.settings.schema);
    await this.consumers.start();
    this.scanner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scanner.stop();
  }
}
