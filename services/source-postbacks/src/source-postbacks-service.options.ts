import { DatabasePoolEnv, DatabaseSchemaEnv, KafkaEnv, PostgresEnv } from '@clickledger/platform-config';
import type { HttpServiceOptions } from '@clickledger/platform-http';
import { AppModule, SERVICE_NAME } from './app.module';
import { SourcePostbacksEnv } from './source-postbacks.env';

/** How the service is built: `main.ts`, the tests and the bench use the same options. */
export const SOURCE_POSTBACKS_SERVICE_OPTIONS = {
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: 8084,
  config: [KafkaEnv, PostgresEnv, DatabaseSchemaEnv, DatabasePoolEnv, SourcePostbacksEnv],
} as const satisfies HttpServiceOptions;
