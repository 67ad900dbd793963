import type { ExchangeRateBook } from './exchange-rate-book';
import { microsOf } from './report-decimal';
import type { ReportDimension } from './report-dimensions';
import type { CostClicks, CostEntry } from './reports.repository';

/** A group's identity: its keys, one per level. */
export const groupIdOf = (keys: readonly string[]): string => JSON.stringify(keys);

/**
 * Each campaign cost, converted at the rate of the UTC day its range starts, spread over its
 * range's clicks (bots included: they were paid for) in proportion to each group's clicks. A
 * report covering part of the range gets the part its clicks carry. The shares are floored and
 * the remainder goes to the largest fractions (largest remainder), so they add up exactly. A
 * range without any click cannot be spread by clicks: its cost goes, by time overlap, to the
 * group of its campaign with no other key.
 */
export function spreadCosts(
  levels: readonly ReportDimension[],
  entries: readonly CostEntry[],
  clicks: readonly CostClicks[],
  rates: ExchangeRateBook,
): Map<string, bigint> {
  const spread = new Map<string, bigint>();
  const add = (groupId: string, micros: bigint) => spread.set(groupId, (spread.get(groupId) ?? 0n) + micros);
  const byCost = new Map<string, CostClicks[]>();
  for (const row of clicks) byCost.set(row.costId, [...(byCost.get(row.costId) ?? []), row]);
  for (const entry of entries) {
    const amount = rates.convert(microsOf(entry.amount), entry.currency, entry.day);
    const total = BigInt(entry.totalClicks);
    if (total === 0n) {
      const keys = levels.map((level) => (level === 'campaign' ? entry.campaignId : ''));
      add(groupIdOf(keys), (amount * BigInt(entry.overlapMs)) / BigInt(entry.durationMs));
      continue;
    }
    const groups = byCost.get(entry.id) ?? [];
    const inRange = groups.reduce((sum, row) => sum + BigInt(row.clicks), 0n);
    const target = (amount * inRange) / total;
    const shares = groups.map((row) => {
      const exact = amount * BigInt(row.clicks);
      return { groupId: groupIdOf(row.keys), micros: exact / total, fraction: exact % total };
    });
    let remainder = target - shares.reduce((sum, share) => sum + share.micros, 0n);
    shares.sort((a, b) =>
      a.fraction === b.fraction ? a.groupId.localeCompare(b.groupId) : a.fraction > b.fraction ? -1 : 1,
    );
    for (const share of shares) {
      if (remainder > 0n) {
        share.micros += 1n;
        remainder -= 1n;
      }
      add(share.groupId, share.micros);
    }
  }
  return spread;
}
