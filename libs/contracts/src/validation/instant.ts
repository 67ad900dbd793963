import { isISO8601 } from 'class-validator';

/** `Date#toISOString()`'s form for years 1000–9999: what every producer of the platform writes. */
const CANONICAL = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `isISO8601(value, { strict: true })`, the event classes' own check, with a fast path for the
 * canonical form: its fields are range-checked by hand (a real calendar day, 00:00:00 to 23:59:59),
 * which costs a tenth of validator's general parse. Never more lenient: everything the fast path
 * accepts, validator accepts (instant.spec.ts); anything else gets validator's verdict.
 */
export function isStrictIso8601(value: string): boolean {
  return isCanonicalInstant(value) || isISO8601(value, { strict: true });
}

function isCanonicalInstant(value: string): boolean {
  if (value.length !== 24 || !CANONICAL.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    digits(value, 11, 2) <= 23 &&
    digits(value, 14, 2) <= 59 &&
    digits(value, 17, 2) <= 59
  );
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
