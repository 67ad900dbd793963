import type { AttributionEnv } from './attribution.env';

export const ATTRIBUTION_SETTINGS = Symbol('ATTRIBUTION_SETTINGS');

/** The service's settings in the units its code uses, derived once from AttributionEnv. */
export interface AttributionSettings {
  readonly clickCacheTtlMs: number;
  readonly maxWaitMs: number;
  readonly batchWaitMs: number;
  readonly pendingScanIntervalMs: number;
  readonly catalogCacheTtlMs: number;
  readonly consumerGroupPrefix: string;
  readonly partitionsConcurrency: number;
  readonly consumerMembers: number;
  readonly fetchBytesPerPartition: number;
  readonly gatherUpTo: number;
  readonly largeBatchesAtOnce: number;
  readonly sessionTimeoutMs: number;
}

export function settingsFrom(env: AttributionEnv): AttributionSettings {
  return {
    clickCacheTtlMs: env.ATTRIBUTION_CLICK_CACHE_TTL,
    maxWaitMs: env.ATTRIBUTION_MAX_WAIT,
    batchWaitMs: env.ATTRIBUTION_BATCH_WAIT,
    pendingScanIntervalMs: env.ATTRIBUTION_PENDING_SCAN_INTERVAL,
    catalogCacheTtlMs: env.ATTRIBUTION_CATALOG_CACHE_TTL,
    consumerGroupPrefix: env.ATTRIBUTION_CONSUMER_GROUP,
    partitionsConcurrency: env.ATTRIBUTION_PARTITIONS_CONCURRENCY,
    consumerMembers: env.ATTRIBUTION_CONSUMER_MEMBERS,
    fetchBytesPerPartition: env.ATTRIBUTION_FETCH_BYTES_PER_PARTITION,
    gatherUpTo: env.ATTRIBUTION_GATHER_UP_TO,
    largeBatchesAtOnce: env.ATTRIBUTION_LARGE_BATCHES_AT_ONCE,
    sessionTimeoutMs: env.ATTRIBUTION_CONSUMER_SESSION_TIMEOUT,
  };
}
