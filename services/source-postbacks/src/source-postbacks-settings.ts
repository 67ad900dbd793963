import type { DatabaseSchemaEnv } from '@clickledger/platform-config';
import type { SourcePostbacksEnv } from './source-postbacks.env';

export const SOURCE_POSTBACKS_SETTINGS = Symbol('SOURCE_POSTBACKS_SETTINGS');

/** The service's settings in the units its code uses, derived once from the env. */
export interface SourcePostbacksSettings {
  readonly allowPrivate: boolean;
  readonly concurrency: number;
  readonly hostConcurrency: number;
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly retryForMs: number;
  readonly pollIntervalMs: number;
  readonly batchWaitMs: number;
  readonly circuitFailures: number;
  readonly circuitCooldownMs: number;
  readonly excerptBytes: number;
  readonly catalogCacheTtlMs: number;
  readonly consumerGroup: string;
  readonly testSink: boolean;
  readonly schema: string;
}

export function settingsFrom(env: SourcePostbacksEnv, database: DatabaseSchemaEnv): SourcePostbacksSettings {
  return {
    allowPrivate: env.SOURCE_POSTBACK_ALLOW_PRIVATE,
    concurrency: env.SOURCE_POSTBACK_CONCURRENCY,
    hostConcurrency: env.SOURCE_POSTBACK_HOST_CONCURRENCY,
    connectTimeoutMs: env.SOURCE_POSTBACK_CONNECT_TIMEOUT,
    timeoutMs: env.SOURCE_POSTBACK_TIMEOUT,
    retryInitialMs: env.SOURCE_POSTBACK_RETRY_INITIAL,
    retryMaxMs: env.SOURCE_POSTBACK_RETRY_MAX,
    retryForMs: env.SOURCE_POSTBACK_RETRY_FOR,
    pollIntervalMs: env.SOURCE_POSTBACK_POLL_INTERVAL,
    batchWaitMs: env.SOURCE_POSTBACK_BATCH_WAIT,
    circuitFailures: env.SOURCE_POSTBACK_CIRCUIT_FAILURES,
    circuitCooldownMs: env.SOURCE_POSTBACK_CIRCUIT_COOLDOWN,
    excerptBytes: env.SOURCE_POSTBACK_RESPONSE_EXCERPT_BYTES,
    catalogCacheTtlMs: env.SOURCE_POSTBACK_CATALOG_CACHE_TTL,
    consumerGroup: env.SOURCE_POSTBACK_CONSUMER_GROUP,
    testSink: env.SOURCE_POSTBACK_TEST_SINK,
    schema: database.DATABASE_SCHEMA,
  };
}
