import { AMOUNT_SCALE, formatDecimalAmount } from '@clickledger/tracking';
import { groupIdOf } from './cost-spread';
import type { ExchangeRateBook } from './exchange-rate-book';
import { microsOf, ratio } from './report-decimal';
import {
  type CatalogDimension,
  isCatalogDimension,
  isTimeDimension,
  type ReportDimension,
} from './report-dimensions';
import type { ReportMetricsView, ReportRowView } from './report.view';
import type { ClickAggregate, ConversionAggregate } from './reports.repository';

/** Exact running sums of one group: counts and micros in the report currency, never floats. */
interface Tally {
  clicks: bigint;
  botClicks: bigint;
  costMicros: bigint;
  approved: bigint;
  pending: bigint;
  declined: bigint;
  approvedByEventType: Map<string, bigint>;
  revenueMicros: bigint;
}

const emptyTally = (): Tally => ({
  clicks: 0n,
  botClicks: 0n,
  costMicros: 0n,
  approved: 0n,
  pending: 0n,
  declined: 0n,
  approvedByEventType: new Map(),
  revenueMicros: 0n,
});

function addInto(target: Tally, source: Tally): void {
  target.clicks += source.clicks;
  target.botClicks += source.botClicks;
  target.costMicros += source.costMicros;
  target.approved += source.approved;
  target.pending += source.pending;
  target.declined += source.declined;
  target.revenueMicros += source.revenueMicros;
  for (const [eventType, count] of source.approvedByEventType)
    target.approvedByEventType.set(eventType, (target.approvedByEventType.get(eventType) ?? 0n) + count);
}

/** Bots are counted apart: clicks, CR and EPC are over human clicks only. */
function metricsOf(tally: Tally): ReportMetricsView {
  const profitMicros = tally.revenueMicros - tally.costMicros;
  return {
    clicks: Number(tally.clicks),
    botClicks: Number(tally.botClicks),
    conversions: Number(tally.approved),
    pendingConversions: Number(tally.pending),
    declinedConversions: Number(tally.declined),
    conversionsByEventType: Object.fromEntries(
      [...tally.approvedByEventType.entries()]
        .filter(([, count]) => count !== 0n)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([eventType, count]) => [eventType, Number(count)]),
    ),
    revenue: formatDecimalAmount(tally.revenueMicros),
    cost: formatDecimalAmount(tally.costMicros),
    profit: formatDecimalAmount(profitMicros),
    cr: ratio(tally.approved, 0, tally.clicks, 0),
    epc: ratio(tally.revenueMicros, AMOUNT_SCALE, tally.clicks, 0),
    roi: ratio(profitMicros, AMOUNT_SCALE, tally.costMicros, AMOUNT_SCALE),
  };
}

export interface ReportInputs {
  readonly levels: readonly ReportDimension[];
  readonly clicks: readonly ClickAggregate[];
  readonly conversions: readonly ConversionAggregate[];
  /** Spread campaign costs per group id, in report-currency micros. */
  readonly costs: ReadonlyMap<string, bigint>;
  readonly rates: ExchangeRateBook;
  readonly names: ReadonlyMap<CatalogDimension, ReadonlyMap<string, string>>;
}

export interface BuiltReport {
  readonly rows: readonly ReportRowView[];
  readonly totals: ReportMetricsView;
}

/**
 * Joins clicks, conversions and spread costs by group (a group may have only some of them),
 * converts approved payouts at their UTC day's rate, and derives the figures. Rows are flat, one
 * per combination, ordered level by level: days and hours by time, other levels by their clicks
 * (most first, within the parent group), then key. Throws MissingExchangeRateError via the book.
 */
export function buildReport(inputs: ReportInputs): BuiltReport {
  const { levels } = inputs;
  const tallies = new Map<string, { keys: readonly string[]; tally: Tally }>();
  const tallyOf = (keys: readonly string[]): Tally => {
    const id = groupIdOf(keys);
    let entry = tallies.get(id);
    if (entry === undefined) {
      entry = { keys, tally: emptyTally() };
      tallies.set(id, entry);
    }
    return entry.tally;
  };
  for (const row of inputs.clicks) {
    const tally = tallyOf(row.keys);
    tally.clicks += BigInt(row.clicks);
    tally.botClicks += BigInt(row.botClicks);
    tally.costMicros += microsOf(row.cost);
  }
  for (const row of inputs.conversions) {
    const tally = tallyOf(row.keys);
    const count = BigInt(row.conversions);
    if (row.status === 'pending') tally.pending += count;
    else if (row.status === 'declined') tally.declined += count;
    else {
      tally.approved += count;
      tally.approvedByEventType.set(
        row.eventType,
        (tally.approvedByEventType.get(row.eventType) ?? 0n) + count,
      );
      tally.revenueMicros += inputs.rates.convert(microsOf(row.amount), row.currency, row.day);
    }
  }
  for (const [id, micros] of inputs.costs) tallyOf(JSON.parse(id) as string[]).costMicros += micros;
  inputs.rates.check();

  const total = emptyTally();
  for (const { tally } of tallies.values()) addInto(total, tally);
  // Clicks of each prefix of the keys: a level sorts by its own group's clicks within its parent.
  const prefixClicks = new Map<string, bigint>();
  for (const { keys, tally } of tallies.values())
    for (let depth = 1; depth <= keys.length; depth += 1) {
      const prefix = groupIdOf(keys.slice(0, depth));
      prefixClicks.set(prefix, (prefixClicks.get(prefix) ?? 0n) + tally.clicks);
    }
  const entries = [...tallies.values()].sort((a, b) => {
    for (let level = 0; level < levels.length; level += 1) {
      const keyA = a.keys[level];
      const keyB = b.keys[level];
      if (keyA === keyB) continue;
      if (!isTimeDimension(levels[level])) {
        const clicksA = prefixClicks.get(groupIdOf(a.keys.slice(0, level + 1))) ?? 0n;
        const clicksB = prefixClicks.get(groupIdOf(b.keys.slice(0, level + 1))) ?? 0n;
        if (clicksA !== clicksB) return clicksA > clicksB ? -1 : 1;
      }
      return keyA < keyB ? -1 : 1;
    }
    return 0;
  });
  return {
    rows: entries.map(({ keys, tally }) => ({
      groups: levels.map((dimension, level) => {
        const key = keys[level] === '' ? null : keys[level];
        const name =
          key !== null && isCatalogDimension(dimension)
            ? (inputs.names.get(dimension)?.get(key) ?? null)
            : null;
        return { dimension, key, name };
      }),
      ...metricsOf(tally),
    })),
    totals: metricsOf(total),
  };
}
