import { AMOUNT_SCALE, formatDecimalAmount } from '@clickledger/tracking';
import { microsOf, ratio } from './report-decimal';
import type { ReportGroup } from './report-query.dto';
import type { ReportMetricsView, ReportRowView } from './report.view';
import type { ClickAggregate, ConversionAggregate } from './reports.repository';

/** Exact running sums of one group: counts and micros, never floats. */
interface Tally {
  clicks: bigint;
  costMicros: bigint;
  approved: bigint;
  pending: bigint;
  declined: bigint;
  revenueMicros: Map<string, bigint>;
}

const emptyTally = (): Tally => ({
  clicks: 0n,
  costMicros: 0n,
  approved: 0n,
  pending: 0n,
  declined: 0n,
  revenueMicros: new Map(),
});

function addInto(target: Tally, source: Tally): void {
  target.clicks += source.clicks;
  target.costMicros += source.costMicros;
  target.approved += source.approved;
  target.pending += source.pending;
  target.declined += source.declined;
  for (const [currency, micros] of source.revenueMicros)
    target.revenueMicros.set(currency, (target.revenueMicros.get(currency) ?? 0n) + micros);
}

function metricsOf(tally: Tally): ReportMetricsView {
  // Revenue in several currencies has no single sum without exchange rates: it is shown per
  // currency, and everything derived from it is null rather than wrong.
  const currencies = [...tally.revenueMicros.keys()].sort();
  const single = currencies.length <= 1;
  const revenueMicros = single ? (tally.revenueMicros.get(currencies[0] ?? '') ?? 0n) : null;
  const profitMicros = revenueMicros === null ? null : revenueMicros - tally.costMicros;
  return {
    clicks: Number(tally.clicks),
    conversions: Number(tally.approved),
    pendingConversions: Number(tally.pending),
    declinedConversions: Number(tally.declined),
    currency: currencies.length === 1 ? currencies[0] : null,
    revenue: revenueMicros === null ? null : formatDecimalAmount(revenueMicros),
    revenueByCurrency: Object.fromEntries(
      currencies.map((currency) => [currency, formatDecimalAmount(tally.revenueMicros.get(currency) ?? 0n)]),
    ),
    cost: formatDecimalAmount(tally.costMicros),
    profit: profitMicros === null ? null : formatDecimalAmount(profitMicros),
    cr: ratio(tally.approved, 0, tally.clicks, 0),
    epc: revenueMicros === null ? null : ratio(revenueMicros, AMOUNT_SCALE, tally.clicks, 0),
    roi: profitMicros === null ? null : ratio(profitMicros, AMOUNT_SCALE, tally.costMicros, AMOUNT_SCALE),
  };
}

export interface BuiltReport {
  readonly rows: readonly ReportRowView[];
  readonly totals: ReportMetricsView;
}

/**
 * Joins the click and conversion aggregates by group key (a group may have only one side) and
 * derives the metrics. Days sort by date; catalog groups by clicks, most first, then by key.
 */
export function buildReport(
  groupBy: ReportGroup,
  clicks: readonly ClickAggregate[],
  conversions: readonly ConversionAggregate[],
  names: ReadonlyMap<string, string>,
): BuiltReport {
  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string): Tally => {
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = emptyTally();
      tallies.set(key, tally);
    }
    return tally;
  };
  for (const row of clicks) {
    const tally = tallyOf(row.key);
    tally.clicks += BigInt(row.clicks);
    tally.costMicros += microsOf(row.cost);
  }
  for (const row of conversions) {
    const tally = tallyOf(row.key);
    tally.approved += BigInt(row.approved);
    tally.pending += BigInt(row.pending);
    tally.declined += BigInt(row.declined);
    if (BigInt(row.approved) > 0n)
      tally.revenueMicros.set(
        row.currency,
        (tally.revenueMicros.get(row.currency) ?? 0n) + microsOf(row.revenue),
      );
  }
  const total = emptyTally();
  for (const tally of tallies.values()) addInto(total, tally);
  const ordered = [...tallies.entries()].sort(([keyA, a], [keyB, b]) => {
    if (groupBy !== 'day' && a.clicks !== b.clicks) return a.clicks > b.clicks ? -1 : 1;
    return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
  });
  return {
    rows: ordered.map(([key, tally]) => ({ key, name: names.get(key) ?? null, ...metricsOf(tally) })),
    totals: metricsOf(total),
  };
}
