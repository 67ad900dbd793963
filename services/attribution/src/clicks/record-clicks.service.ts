import { Injectable, Logger } from '@nestjs/common';
import type { ClickRecordedData } from '@clickledger/contracts';
import { ClickRepository, type NewClick } from '@clickledger/persistence';
import { parseClickId } from '@clickledger/tracking';
import { postgresSafe } from '../core/postgres-text';
import { AttributionMetrics } from '../common/attribution.metrics';
import { AwaitedClicks } from './awaited-clicks';
import { ClickCacheRepository } from './click-cache.repository';
import { cacheFailed, snapshotOfClick } from './click-lookup.service';

/** The time the click ID encodes: the key every lookup uses, so the two always agree. */
function clickedAtOf(click: ClickRecordedData): Date {
  const parsed = parseClickId(click.clickId);
  return new Date(parsed.ok ? parsed.timestampMs : click.clickedAt);
}

/** Stores a batch of clicks: one Postgres statement (idempotent) and one Redis pipeline. */
@Injectable()
export class RecordClicksService {
  private readonly logger = new Logger(RecordClicksService.name);

  constructor(
    private readonly clicks: ClickRepository,
    private readonly cache: ClickCacheRepository,
    private readonly metrics: AttributionMetrics,
    private readonly awaited: AwaitedClicks,
  ) {}

  async record(batch: readonly ClickRecordedData[]): Promise<void> {
    const rows: NewClick[] = batch.map((click) => ({
      clickId: click.clickId,
      clickedAt: clickedAtOf(click),
      campaignId: click.campaignId,
      offerId: click.offerId,
      affiliateNetworkId: click.affiliateNetworkId,
      trafficSourceId: click.trafficSourceId,
      externalId: click.externalId == null ? null : postgresSafe(click.externalId),
      cost: click.cost ?? null,
      vars: withoutNulls(click.vars),
      ip: click.ip,
      userAgent: click.userAgent == null ? null : postgresSafe(click.userAgent),
      device: click.device ?? null,
      os: click.os ?? null,
      browser: click.browser ?? null,
      country: click.country ?? null,
      bot: click.bot ?? false,
      test: click.test ?? false,
    }));
    const snapshots = rows.map(snapshotOfClick);
    await Promise.all([
      this.clicks.insertMany(rows),
      // The cache only speeds up the join: a failure here costs a Postgres read later, not the batch.
      this.cache.putMany(snapshots).catch((error: unknown) => {
        cacheFailed(
          this.logger,
          this.metrics,
          'write',
          error,
          'could not cache clicks; postbacks will read Postgres',
        );
      }),
    ]);
    this.metrics.clicksRecorded(rows.length);
    // Postbacks that came first and wait for one of these clicks are re-driven now.
    this.awaited.stored(rows.map((row) => row.clickId));
  }
}

function withoutNulls(vars: ClickRecordedData['vars']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === 'string') kept[name] = postgresSafe(value);
  }
  return kept;
}
