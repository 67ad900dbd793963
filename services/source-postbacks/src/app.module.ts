import { Module } from '@nestjs/common';
import { PersistenceModule } from '@clickledger/persistence';
import { DatabasePoolEnv, DatabaseSchemaEnv, PostgresEnv } from '@clickledger/platform-config';
import { KafkaConsumersModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { DataSource } from 'typeorm';
import { SourcePostbacksEnv } from './source-postbacks.env';
import {
  SOURCE_POSTBACKS_SETTINGS,
  settingsFrom,
  type SourcePostbacksSettings,
} from './source-postbacks-settings';
import { ConversionEventsConsumer } from './conversions/conversion-events.consumer';
import { DeliveryScheduler } from './deliveries/delivery.scheduler';
import { PlanDeliveriesService } from './deliveries/plan-deliveries.service';
import { PostbackSettingsCache } from './deliveries/postback-settings.cache';
import { PostbackSettingsRepository } from './deliveries/postback-settings.repository';
import { SourcePostbacksMetrics } from './metrics/source-postbacks.metrics';
import { HostGate } from './sending/host-gate';
import { PostbackSender } from './sending/postback-sender';
import { TestSinkController } from './sink/test-sink.controller';

export const SERVICE_NAME = 'source-postbacks';

@Module({
  imports: [
    PersistenceModule.forRootAsync({
      inject: [PostgresEnv, DatabaseSchemaEnv, DatabasePoolEnv],
      useFactory: (postgres: PostgresEnv, database: DatabaseSchemaEnv, pool: DatabasePoolEnv) => ({
        url: postgres.DATABASE_URL,
        schema: database.DATABASE_SCHEMA,
        poolSize: pool.DATABASE_POOL_SIZE,
        applicationName: SERVICE_NAME,
      }),
    }),
    KafkaConsumersModule.forRoot({ serviceName: SERVICE_NAME }),
    HealthModule.forRootAsync({
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => [
        {
          name: 'postgres',
          check: async () => {
            await dataSource.query('SELECT 1');
          },
        },
      ],
    }),
  ],
  // The sink answers 404 unless SOURCE_POSTBACK_TEST_SINK=true (development).
  controllers: [TestSinkController],
  providers: [
    {
      provide: SOURCE_POSTBACKS_SETTINGS,
      inject: [SourcePostbacksEnv, DatabaseSchemaEnv],
      useFactory: settingsFrom,
    },
    {
      provide: PostbackSender,
      inject: [SOURCE_POSTBACKS_SETTINGS],
      useFactory: (settings: SourcePostbacksSettings) =>
        new PostbackSender({
          allowPrivate: settings.allowPrivate,
          connectTimeoutMs: settings.connectTimeoutMs,
          timeoutMs: settings.timeoutMs,
          excerptBytes: settings.excerptBytes,
          maxSocketsPerHost: settings.hostConcurrency,
        }),
    },
    {
      provide: HostGate,
      inject: [SOURCE_POSTBACKS_SETTINGS],
      useFactory: (settings: SourcePostbacksSettings) =>
        new HostGate({
          perHost: settings.hostConcurrency,
          failuresToOpen: settings.circuitFailures,
          cooldownMs: settings.circuitCooldownMs,
        }),
    },
    SourcePostbacksMetrics,
    PostbackSettingsRepository,
    PostbackSettingsCache,
    PlanDeliveriesService,
    DeliveryScheduler,
    ConversionEventsConsumer,
  ],
})
export class AppModule {}
