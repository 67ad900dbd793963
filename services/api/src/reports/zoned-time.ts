/**
 * Report boundaries and days in an IANA time zone, with Intl only (no date library). A time with
 * an offset (`Z`, `+02:00`) is an instant; a date or a local date-time is read in the zone, so
 * `from=2026-03-01&tz=Europe/Berlin` starts at Berlin midnight.
 */

// Names only (`Europe/Berlin`, `UTC`, `Etc/GMT+5`): Intl and Postgres read bare offsets such as
// `+01:00` with opposite signs (POSIX), so offsets are refused rather than guessed.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** The zone's canonical IANA name (`europe/berlin` → `Europe/Berlin`), or null if unknown. */
export function canonicalTimeZone(name: string): string | null {
  if (name.length > 64 || !ZONE_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

// YYYY-MM-DD, optionally Thh:mm[:ss[.fff]], optionally Z or ±hh:mm.
const REPORT_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wallClock = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wallClock - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant a report boundary names, or null if the text is not a valid date or date-time. */
export function parseReportTime(text: string, timeZone: string): Date | null {
  const match = REPORT_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0'] = match;
  // Absent when the text has no offset (RegExpExecArray types it as always present).
  const offset = match[8] as string | undefined;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const wallClock = Date.UTC(
    fields[0],
    fields[1] - 1,
    fields[2],
    fields[3],
    fields[4],
    fields[5],
    Number(millis.padEnd(3, '0')),
  );
  const check = new Date(wallClock);
  // Date.UTC rolls 2026-02-30 over to March: a mismatch means the date does not exist.
  if (
    check.getUTCMonth() !== fields[1] - 1 ||
    check.getUTCDate() !== fields[2] ||
    fields[3] > 23 ||
    fields[4] > 59 ||
    fields[5] > 59
  )
    return null;
  if (offset !== undefined) {
    if (offset === 'Z') return check;
    const sign = offset.startsWith('-') ? -1 : 1;
    const [offsetHours, offsetMinutes] = offset.slice(1).split(':').map(Number);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    return new Date(wallClock - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  }
  // First guess with the offset at the wall-clock time, then correct once across a DST change.
  const first = wallClock - zoneOffsetMs(wallClock, timeZone);
  return new Date(wallClock - zoneOffsetMs(first, timeZone));
}

/** The rollups' grain: 15-minute UTC buckets. */
export const BUCKET_MS = 15 * 60_000;

/** A report boundary must fall on a bucket's start to be answered exactly. */
export const isBucketStart = (instant: Date): boolean => instant.getTime() % BUCKET_MS === 0;

const DAY_MS = 86_400_000;

/**
 * Whether the zone is a whole number of quarter hours off UTC throughout [from, to], so each
 * 15-minute bucket lies in one local day and hour. True for every zone since 1980 (Asia/Kolkata
 * +05:30, Asia/Kathmandu +05:45, Australia/Lord_Howe's 30-minute DST): checked at both ends and
 * daily in between, since no offset ever lasted less than a day.
 */
export function hasQuarterHourOffsets(timeZone: string, from: Date, to: Date): boolean {
  const instants = [to.getTime()];
  for (let at = from.getTime(); at < to.getTime(); at += DAY_MS) instants.push(at);
  return instants.every((instant) => zoneOffsetMs(instant, timeZone) % BUCKET_MS === 0);
}
