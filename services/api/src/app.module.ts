import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseSchemaEnv, PostgresEnv } from '@clickledger/platform-config';
import { DurablePublisherModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { PersistenceModule } from '@clickledger/persistence';
import { AffiliateNetworksModule } from './affiliate-networks/affiliate-networks.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ClicksModule } from './clicks/clicks.module';
import { ConversionUploadModule } from './conversion-upload/conversion-upload.module';
import { ConversionsModule } from './conversions/conversions.module';
import { CostsModule } from './costs/costs.module';
import { ExchangeRatesModule } from './exchange-rates/exchange-rates.module';
import { OffersModule } from './offers/offers.module';
import { PostbackLogModule } from './postback-log/postback-log.module';
import { ReportsModule } from './reports/reports.module';
import { SourcePostbacksModule } from './source-postbacks/source-postbacks.module';
import { TestPostbacksModule } from './test-postbacks/test-postbacks.module';
import { TrafficSourcesModule } from './traffic-sources/traffic-sources.module';

export const SERVICE_NAME = 'api';

/** Postgres and Kafka: shared with the `republish` command, which boots them without HTTP. */
export function infrastructureImports(serviceName: string): DynamicModule[] {
  return [
    // Never migrates: migrations run by their own command (libs/persistence README).
    PersistenceModule.forRootAsync({
      inject: [PostgresEnv, DatabaseSchemaEnv],
      useFactory: (postgres: PostgresEnv, db: DatabaseSchemaEnv) => ({
        url: postgres.DATABASE_URL,
        schema: db.DATABASE_SCHEMA,
        applicationName: serviceName,
      }),
    }),
    // The service name is also the default spool folder: one publisher process per folder.
    DurablePublisherModule.forRoot({ serviceName }),
  ];
}

@Module({
  imports: [
    ...infrastructureImports(SERVICE_NAME),
    // The publisher registers its own readiness check.
    HealthModule.forRootAsync({
      inject: [DataSource],
      useFactory: (db: DataSource) => [
        {
          name: 'postgres',
          check: async () => {
            await db.query('SELECT 1');
          },
        },
      ],
    }),
    AffiliateNetworksModule,
    OffersModule,
    TrafficSourcesModule,
    CampaignsModule,
    ClicksModule,
    ConversionsModule,
    ConversionUploadModule,
    PostbackLogModule,
    ReportsModule,
    ExchangeRatesModule,
    CostsModule,
    SourcePostbacksModule,
    TestPostbacksModule,
  ],
})
export class AppModule {}
