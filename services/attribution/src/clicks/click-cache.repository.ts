import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT, RedisCircuit } from '@clickledger/platform-redis';
import type { ClickSnapshot } from '../core/attribution.types';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../attribution-settings';

type Visitor = string | null;
/**
 * Compact positional form: one short JSON array per click, the test flag 1 or 0, then the visitor
 * fields. An entry written before the visitor fields were cached (7 or 8 items) is read as a miss:
 * Postgres answers and the entry is written again in this form.
 */
type CachedClick = [
  number,
  string,
  string,
  string,
  string,
  string | null,
  ClickSnapshot['vars'],
  0 | 1,
  Visitor,
  Visitor,
  Visitor,
  Visitor,
];
const CACHED_CLICK_ITEMS = 12;

const keyOf = (clickId: string): string => `attr:click:${clickId}`;

/**
 * Clicks in Redis for the postback join. A cache only: every miss, error or lost key falls back
 * to Postgres, so Redis can be flushed at any time. Calls go through the client's circuit: after
 * a failure (a timeout: Redis hung or slow) Redis is skipped for a moment rather than waited on.
 */
@Injectable()
export class ClickCacheRepository {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly circuit: RedisCircuit,
    @Inject(ATTRIBUTION_SETTINGS) settings: AttributionSettings,
  ) {
    this.ttlSeconds = Math.max(1, Math.round(settings.clickCacheTtlMs / 1000));
  }

  /** One pipeline for the whole batch. */
  async putMany(clicks: readonly ClickSnapshot[]): Promise<void> {
    if (clicks.length === 0) return;
    await this.circuit.run(async () => {
      const pipeline = this.redis.pipeline();
      for (const click of clicks) {
        const value: CachedClick = [
          click.clickedAt.getTime(),
          click.campaignId,
          click.offerId,
          click.affiliateNetworkId,
          click.trafficSourceId,
          click.externalId,
          click.vars,
          click.test ? 1 : 0,
          click.country,
          click.device,
          click.os,
          click.browser,
        ];
        pipeline.set(keyOf(click.clickId), JSON.stringify(value), 'EX', this.ttlSeconds);
      }
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    });
  }

  /** The cached clicks among `clickIds` (one MGET). */
  async getMany(clickIds: readonly string[]): Promise<Map<string, ClickSnapshot>> {
    const found = new Map<string, ClickSnapshot>();
    if (clickIds.length === 0) return found;
    const values = await this.circuit.run(() => this.redis.mget(clickIds.map(keyOf)));
    clickIds.forEach((clickId, index) => {
      const text = values[index];
      if (typeof text === 'string') {
        const snapshot = parse(clickId, text);
        if (snapshot) found.set(clickId, snapshot);
      }
    });
    return found;
  }
}

function parse(clickId: string, text: string): ClickSnapshot | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length < CACHED_CLICK_ITEMS) return null;
    const [
      clickedAtMs,
      campaignId,
      offerId,
      affiliateNetworkId,
      trafficSourceId,
      externalId,
      vars,
      test,
      country,
      device,
      os,
      browser,
    ] = value as CachedClick;
    return {
      clickId,
      clickedAt: new Date(clickedAtMs),
      campaignId,
      offerId,
      affiliateNetworkId,
      trafficSourceId,
      externalId,
      vars,
      test: test === 1,
      country,
      device,
      os,
      browser,
    };
  } catch {
    return null; // unreadable entry: treated as a miss, Postgres answers
  }
}
