import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { PersistenceModule } from '@clickledger/persistence';
import { PostgresEnv } from '@clickledger/platform-config';
import { DurablePublisherModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { REDIS_CLIENT, RedisCircuit, RedisModule, redisReadinessCheck } from '@clickledger/platform-redis';
import { DataSource } from 'typeorm';
import { AttributePostbacksService } from './attribution/attribute-postbacks.service';
import { AttributionRepository } from './attribution/attribution.repository';
import { ConversionEventsPublisher } from './attribution/conversion-events.publisher';
import { CatalogCacheService } from './catalog/catalog-cache.service';
import { ClickCacheRepository } from './clicks/click-cache.repository';
import { ClickLookupService } from './clicks/click-lookup.service';
import { RecordClicksService } from './clicks/record-clicks.service';
import { AttributionEnv } from './config/attribution.env';
import { ATTRIBUTION_SETTINGS, settingsFrom } from './config/attribution-settings';
import { AttributionConsumers, DATABASE_SCHEMA } from './consumers/attribution-consumers';
import { AttributionMetrics } from './metrics/attribution.metrics';
import { PendingPostbacksRepository } from './pending/pending-postbacks.repository';
import { PendingPostbacksScanner } from './pending/pending-postbacks.scanner';
import { postgresReadinessCheck } from './persistence/postgres.health';
import { RecordRejectionsService } from './rejections/record-rejections.service';
import { UnprocessableMessages } from './consumers/unprocessable-messages';

export const SERVICE_NAME = 'attribution';

@Module({
  imports: [
    PersistenceModule.forRootAsync({
      inject: [PostgresEnv, AttributionEnv],
      useFactory: (postgres: PostgresEnv, env: AttributionEnv) => ({
        url: postgres.DATABASE_URL,
        schema: env.DATABASE_SCHEMA,
        poolSize: env.DATABASE_POOL_SIZE,
        applicationName: SERVICE_NAME,
      }),
    }),
    RedisModule.fromEnv(SERVICE_NAME),
    DurablePublisherModule.forRoot({ serviceName: SERVICE_NAME }),
    // The publisher and the consumers register their own readiness checks. Redis is only the
    // click cache (lookups fall back to Postgres): slow or down, it shows as `degraded` and the
    // service stays ready; Postgres, the source of truth, is critical.
    HealthModule.forRootAsync({
      inject: [REDIS_CLIENT, RedisCircuit, DataSource],
      useFactory: (redis: Redis, circuit: RedisCircuit, dataSource: DataSource) => [
        redisReadinessCheck(redis, { timeoutMs: 500, critical: false, circuit }),
        postgresReadinessCheck(dataSource),
      ],
    }),
  ],
  providers: [
    { provide: ATTRIBUTION_SETTINGS, inject: [AttributionEnv], useFactory: settingsFrom },
    {
      provide: DATABASE_SCHEMA,
      inject: [AttributionEnv],
      useFactory: (env: AttributionEnv) => env.DATABASE_SCHEMA ?? 'public',
    },
    AttributionMetrics,
    CatalogCacheService,
    ClickCacheRepository,
    ClickLookupService,
    RecordClicksService,
    AttributionRepository,
    ConversionEventsPublisher,
    AttributePostbacksService,
    RecordRejectionsService,
    UnprocessableMessages,
    PendingPostbacksRepository,
    PendingPostbacksScanner,
    AttributionConsumers,
  ],
})
export class AppModule {}
