import {
  DatabasePoolEnv,
  DatabaseSchemaEnv,
  KafkaEnv,
  PostgresEnv,
  RedisEnv,
} from '@clickledger/platform-config';
import type { HttpServiceOptions } from '@clickledger/platform-http';
import { AppModule, SERVICE_NAME } from './app.module';
import { AttributionEnv } from './attribution.env';

/** How the attribution service is built: `main.ts`, the tests and the bench use the same options. */
export const ATTRIBUTION_SERVICE_OPTIONS = {
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: 8083,
  config: [KafkaEnv, PostgresEnv, DatabaseSchemaEnv, DatabasePoolEnv, RedisEnv, AttributionEnv],
} as const satisfies HttpServiceOptions;
