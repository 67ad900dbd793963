/**
 * Naming and day arithmetic for the daily click partitions (pure, so it is unit-tested apart
 * from the SQL). Days are UTC: a partition `clicks_p20261123` holds clicked_at in
 * [2026-11-23T00:00Z, 2026-11-24T00:00Z).
 */
export const CLICKS_TABLE = 'clicks';
export const CLICKS_DEFAULT_PARTITION = 'clicks_default';
const DAY_MS = 86_400_000;
const PARTITION_NAME = /^clicks_p(\d{4})(\d{2})(\d{2})$/;

export interface DayRange {
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

export function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

export function partitionName(day: Date): string {
  const iso = utcDay(day).toISOString();
  return `clicks_p${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** The day a partition holds, or null for a name that is not a daily partition. */
export function partitionDay(name: string): Date | null {
  const match = PARTITION_NAME.exec(name);
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(`${year}-${month}-${day}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || partitionName(date) !== name ? null : date;
}

export function dayRange(day: Date): DayRange {
  const from = utcDay(day);
  return { from, to: addDays(from, 1) };
}

/** fromDay and the `daysAhead` days after it. */
export function daysToEnsure(fromDay: Date, daysAhead: number): Date[] {
  if (!Number.isInteger(daysAhead) || daysAhead < 0)
    throw new RangeError('daysAhead must be an integer >= 0');
  const first = utcDay(fromDay);
  return Array.from({ length: daysAhead + 1 }, (_, offset) => addDays(first, offset));
}

/** Partitions whose whole day is before `now`'s day minus `retentionDays`. */
export function partitionsToDrop(names: readonly string[], retentionDays: number, now: Date): string[] {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError('retentionDays must be an integer >= 1');
  }
  const cutoff = retentionCutoff(retentionDays, now);
  return names.filter((name) => {
    const day = partitionDay(name);
    return day !== null && addDays(day, 1).getTime() <= cutoff.getTime();
  });
}

/** Clicks before this instant are past retention. */
export function retentionCutoff(retentionDays: number, now: Date): Date {
  return addDays(utcDay(now), -retentionDays);
}
