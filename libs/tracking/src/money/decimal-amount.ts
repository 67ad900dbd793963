/**
 * Exact decimal amounts as scaled bigints (micros: 10^-6 units). Money never passes through a
 * JavaScript number, so `0.1 + 0.2` is exactly `0.3`.
 */
export const AMOUNT_SCALE = 6;
export const MICROS_PER_UNIT = 1_000_000n;
/** Amounts must stay below 10^12 units in magnitude (fits NUMERIC(18,6) and keeps sums exact). */
export const MAX_AMOUNT_MICROS = 10n ** 18n - 1n;

export type DecimalParseResult =
  | { readonly ok: true; readonly micros: bigint }
  | { readonly ok: false; readonly error: 'not-a-decimal' | 'too-many-decimals' | 'out-of-range' };

// Sign, integer digits, optional fraction; `.5` and `5.` are accepted, exponents and commas are not.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const MAX_INPUT_LENGTH = 64;

/** Parses `12.50`, `-3`, `.5`; digits beyond the 6th decimal must be zeros (no silent rounding). */
export function parseDecimalAmount(input: string): DecimalParseResult {
  if (input.length === 0 || input.length > MAX_INPUT_LENGTH) return { ok: false, error: 'not-a-decimal' };
  const match = DECIMAL.exec(input);
  if (!match) return { ok: false, error: 'not-a-decimal' };
  const [, sign = '', integerDigits = '', fractionRaw = ''] = match;
  if (integerDigits.length === 0 && fractionRaw.length === 0) return { ok: false, error: 'not-a-decimal' };
  const fraction = fractionRaw.replace(/0+$/, '');
  if (fraction.length > AMOUNT_SCALE) return { ok: false, error: 'too-many-decimals' };
  const magnitude =
    BigInt(integerDigits || '0') * MICROS_PER_UNIT + BigInt(fraction.padEnd(AMOUNT_SCALE, '0') || '0');
  if (magnitude > MAX_AMOUNT_MICROS) return { ok: false, error: 'out-of-range' };
  return { ok: true, micros: sign === '-' ? -magnitude : magnitude };
}

/** Canonical text: no `+`, no leading or trailing zeros, no `-0` (`12.5`, `-0.000001`, `3`). */
export function formatDecimalAmount(micros: bigint): string {
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const units = magnitude / MICROS_PER_UNIT;
  const fraction = (magnitude % MICROS_PER_UNIT).toString().padStart(AMOUNT_SCALE, '0').replace(/0+$/, '');
  const text = fraction.length > 0 ? `${units.toString()}.${fraction}` : units.toString();
  return negative && magnitude !== 0n ? `-${text}` : text;
}

/** Re-writes a decimal string canonically, or returns null when it is not a valid amount. */
export function normalizeDecimalAmount(input: string): string | null {
  const parsed = parseDecimalAmount(input);
  return parsed.ok ? formatDecimalAmount(parsed.micros) : null;
}
