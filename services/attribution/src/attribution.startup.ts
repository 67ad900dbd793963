import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertSchemaMigrated } from '@clickledger/persistence';
import { DatabaseSchemaEnv } from '@clickledger/platform-config';
import { KafkaConsumers } from '@clickledger/platform-kafka';
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
    @Inject(DatabaseSchemaEnv) private readonly database: DatabaseSchemaEnv,
    private readonly consumers: KafkaConsumers,
    private readonly scanner: PendingPostbacksScanner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await assertSchemaMigrated(this.dataSource, this.database.DATABASE_SCHEMA);
    await this.consumers.start();
    this.scanner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scanner.stop();
  }
}
