import { Inject, Injectable } from '@nestjs/common';
import { AffiliateNetworkRepository, OfferRepository } from '@clickledger/persistence';
import { normalizeStatusMap } from '@clickledger/tracking';
import { attributionWindowMs } from '../core/attribution-rules';
import type { NetworkPolicy, OfferTerms } from '../core/attribution.types';
import { IpAllowlist } from '../core/ip-allowlist';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../attribution-settings';

interface Entry<T> {
  readonly value: T | undefined;
  readonly expiresAt: number;
}

/**
 * Offers and affiliate networks, kept in memory for a few seconds: they change rarely and every
 * postback needs them. Unknown ids are cached too (as undefined) so a bad id costs one query per TTL.
 */
@Injectable()
export class CatalogCacheService {
  private readonly offers = new Map<string, Entry<OfferTerms>>();
  private readonly networks = new Map<string, Entry<NetworkPolicy>>();
  private readonly ttlMs: number;

  constructor(
    private readonly offerRepository: OfferRepository,
    private readonly networkRepository: AffiliateNetworkRepository,
    @Inject(ATTRIBUTION_SETTINGS) settings: AttributionSettings,
  ) {
    this.ttlMs = settings.catalogCacheTtlMs;
  }

  async offersByIds(ids: readonly string[]): Promise<Map<string, OfferTerms>> {
    return this.resolve(this.offers, ids, async (missing) => {
      const rows = await this.offerRepository.findByIds(missing);
      return rows.map((row) => ({
        id: row.id,
        payoutMode: row.payoutMode,
        payoutAmount: row.payoutAmount,
        payoutCurrency: row.payoutCurrency,
        attributionWindowMs: attributionWindowMs(row.attributionWindowDays),
      }));
    });
  }

  async networksByIds(ids: readonly string[]): Promise<Map<string, NetworkPolicy>> {
    return this.resolve(this.networks, ids, async (missing) => {
      const rows = await this.networkRepository.findByIds(missing);
      return rows.map((row) => ({
        id: row.id,
        allowlist: new IpAllowlist(row.allowedIps),
        acceptDuplicatePostbacks: row.acceptDuplicatePostbacks,
        statusMap: normalizeStatusMap(row.statusMap),
      }));
    });
  }

  private async resolve<T extends { readonly id: string }>(
    cache: Map<string, Entry<T>>,
    ids: readonly string[],
    load: (missing: string[]) => Promise<T[]>,
  ): Promise<Map<string, T>> {
    const now = Date.now();
    const result = new Map<string, T>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const entry = cache.get(id);
      if (entry && entry.expiresAt > now) {
        if (entry.value) result.set(id, entry.value);
      } else missing.push(id);
    }
    if (missing.length === 0) return result;
    const loaded = new Map((await load(missing)).map((value) => [value.id, value]));
    const expiresAt = Date.now() + this.ttlMs;
    for (const id of missing) {
      const value = loaded.get(id);
      cache.set(id, { value, expiresAt });
      if (value) result.set(id, value);
    }
    return result;
  }
}
