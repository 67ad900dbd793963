import { Injectable, Logger } from '@nestjs/common';
import { ClickRepository, type NewClick } from '@clickledger/persistence';
import { redisFailureKind } from '@clickledger/platform-redis';
import { parseClickId } from '@clickledger/tracking';
import type { ClickSnapshot } from '../core/attribution.types';
import { AttributionMetrics, type CacheOperation } from '../common/attribution.metrics';
import { ClickCacheRepository } from './click-cache.repository';

/** What attribution keeps of a click, whether read from Postgres or just recorded (absent fields as null). */
export const snapshotOfClick = (row: NewClick): ClickSnapshot => ({
  clickId: row.clickId,
  clickedAt: row.clickedAt,
  campaignId: row.campaignId,
  offerId: row.offerId,
  affiliateNetworkId: row.affiliateNetworkId,
  trafficSourceId: row.trafficSourceId,
  externalId: row.externalId ?? null,
  vars: row.vars ?? {},
  test: row.test ?? false,
  country: row.country ?? null,
  device: row.device ?? null,
  os: row.os ?? null,
  browser: row.browser ?? null,
});

/** Rule 1 of CONTRACT §5: Redis first (one MGET), then one Postgres query for the misses. */
@Injectable()
export class ClickLookupService {
  private readonly logger = new Logger(ClickLookupService.name);

  constructor(
    private readonly cache: ClickCacheRepository,
    private readonly clicks: ClickRepository,
    private readonly metrics: AttributionMetrics,
  ) {}

  async findMany(clickIds: readonly string[]): Promise<Map<string, ClickSnapshot>> {
    const unique = [...new Set(clickIds)];
    let found = new Map<string, ClickSnapshot>();
    try {
      found = await this.cache.getMany(unique);
    } catch (error) {
      cacheFailed(this.logger, this.metrics, 'read', error, 'click cache unavailable: reading Postgres');
    }
    const misses = unique.filter((clickId) => !found.has(clickId));
    if (misses.length === 0) return found;
    // The click ID carries its time: the lookup prunes to the one daily partition.
    const keys = misses.flatMap((clickId) => {
      const parsed = parseClickId(clickId);
      return parsed.ok ? [{ clickId: parsed.clickId, clickedAt: new Date(parsed.timestampMs) }] : [];
    });
    const rows = (await this.clicks.findByIds(keys)).map(snapshotOfClick);
    for (const row of rows) found.set(row.clickId, row);
    if (rows.length > 0) {
      await this.cache.putMany(rows).catch((error: unknown) => {
        cacheFailed(this.logger, this.metrics, 'write', error, 'could not refill the click cache');
      });
    }
    return found;
  }
}

/**
 * Counts a click-cache failure the caller works around. Logged once per failure that opened the
 * circuit; calls skipped while it is open are only counted (they would flood the log).
 */
export function cacheFailed(
  logger: Logger,
  metrics: AttributionMetrics,
  operation: CacheOperation,
  error: unknown,
  msg: string,
): void {
  const reason = redisFailureKind(error);
  metrics.cacheFallback(operation, reason);
  if (reason !== 'circuit-open') logger.warn({ err: error, msg });
}
