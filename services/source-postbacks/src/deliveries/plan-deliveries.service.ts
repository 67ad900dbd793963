import { Inject, Injectable, Logger } from '@nestjs/common';
import { dedupeConversionEvents, type ConversionAttributedData } from '@clickledger/contracts';
import { SourcePostbackRepository, type NewSourcePostback } from '@clickledger/persistence';
import { CUSTOM_VARIABLES, type SourcePostbackValues } from '@clickledger/tracking';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../source-postbacks-settings';
import { SourcePostbacksMetrics } from '../metrics/source-postbacks.metrics';
import { PostbackSettingsCache } from './postback-settings.cache';
import { PostbackSettingsRepository } from './postback-settings.repository';

/**
 * Turns conversion events into deliveries: for each conversion (or status change) whose status is
 * in its traffic source's `postbackStatuses`, the campaign's postback URL (else the source's),
 * rendered with the §9 tokens, stored as a pending delivery. Idempotent: the same event again
 * (a Kafka redelivery) finds its delivery stored and adds nothing.
 */
@Injectable()
export class PlanDeliveriesService {
  private readonly logger = new Logger(PlanDeliveriesService.name);

  constructor(
    private readonly settingsCache: PostbackSettingsCache,
    private readonly catalog: PostbackSettingsRepository,
    private readonly deliveries: SourcePostbackRepository,
    private readonly metrics: SourcePostbacksMetrics,
    @Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings,
  ) {}

  /** Stores the deliveries of these events; returns how many were new. */
  async plan(events: readonly ConversionAttributedData[]): Promise<number> {
    const unique = dedupeConversionEvents(events, (event) => event);
    const sources = await this.settingsCache.sources(unique.map((e) => e.trafficSourceId));
    const notified = unique.filter((e) => sources.get(e.trafficSourceId)?.statuses.has(e.status));
    if (notified.length === 0) return 0;
    const overrides = await this.settingsCache.campaigns(notified.map((e) => e.campaignId));
    const withUrl = notified.flatMap((event) => {
      const source = sources.get(event.trafficSourceId);
      const url = overrides.get(event.campaignId) ?? source?.url ?? null;
      return source && url ? [{ event, url, method: source.method }] : [];
    });
    const needCost = withUrl.filter(({ url }) => url.ok && url.template.usedTokens.includes('cost'));
    const costs = await this.catalog.clickCosts(needCost.map(({ event }) => event));
    const giveUpAt = new Date(Date.now() + this.settings.retryForMs);
    const rows = withUrl.map(({ event, url, method }): NewSourcePostback => {
      const base = {
        conversionId: event.conversionId,
        revision: event.revision,
        clickId: event.clickId,
        campaignId: event.campaignId,
        trafficSourceId: event.trafficSourceId,
        conversionStatus: event.status,
        method,
        giveUpAt,
      };
      if (!url.ok)
        return {
          ...base,
          url: url.source,
          host: hostOf(url.source),
          outcome: 'failed',
          lastError: url.problem,
        };
      const rendered = url.template.render(tokenValues(event, costs.get(event.clickId)));
      return { ...base, url: rendered, host: hostOf(rendered), outcome: 'pending' };
    });
    const inserted = await this.deliveries.insertMany(rows);
    this.metrics.planned(inserted);
    if (inserted < rows.length) {
      this.logger.debug({
        duplicates: rows.length - inserted,
        msg: 'deliveries already stored (redelivery)',
      });
    }
    return inserted;
  }
}

/** The §9 token values of a conversion. `{timestamp}` is the conversion time, Unix seconds. */
export function tokenValues(event: ConversionAttributedData, cost: string | undefined): SourcePostbackValues {
  const values: Record<string, string | number | null | undefined> = {
    externalid: event.externalId,
    clickid: event.clickId,
    payout: event.payout.amount,
    currency: event.payout.currency,
    status: event.status,
    txid: event.txid,
    eventtype: event.eventType,
    'campaign.id': event.campaignId,
    'offer.id': event.offerId,
    cost,
    'conversion.id': event.conversionId,
    timestamp: Math.floor(Date.parse(event.convertedAt) / 1000),
  };
  for (const name of CUSTOM_VARIABLES) values[name] = event.vars[name];
  return values;
}

/** host[:port], lower-case; the whole text when it is not a URL (a delivery that cannot be sent). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase().slice(0, 255);
  } catch {
    return '(invalid)';
  }
}
