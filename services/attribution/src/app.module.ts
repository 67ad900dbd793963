import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { PersistenceModule } from '@clickledger/persistence';
import { DatabasePoolEnv, DatabaseSchemaEnv, PostgresEnv } from '@clickledger/platform-config';
import { DurablePublisherModule, KafkaConsumersModule } from '@clickledger/platform-kafka';
import { HealthModule } from '@clickledger/platform-observability';
import { REDIS_CLIENT, RedisCircuit, RedisModule, redisReadinessCheck } from '@clickledger/platform-redis';
import { AttributionStartup } from './attribution.startup';
import { CommonModule } from './common/common.module';
import { postgresReadinessCheck } from './common/postgres.health';
import { PendingModule } from './pending/pending.module';
import { PostbacksModule } from './postbacks/postbacks.module';
import { RejectionsModule } from './rejections/rejections.module';

export const SERVICE_NAME = 'attribution';

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
    RedisModule.fromEnv(SERVICE_NAME),
    DurablePublisherModule.forRoot({ serviceName: SERVICE_NAME }),
    KafkaConsumersModule.forRoot({ serviceName: SERVICE_NAME }),
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
    CommonModule,
    PostbacksModule,
    RejectionsModule,
    PendingModule,
  ],
  providers: [AttributionStartup],
})
export class AppModule {}
