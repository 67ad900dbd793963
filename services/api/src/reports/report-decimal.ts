import { AMOUNT_SCALE, MICROS_PER_UNIT } from '@clickledger/tracking';

/** Ratios (CR, EPC, ROI) carry this many decimals, always written out: `0.250000`. */
export const RATIO_SCALE = 6;
const RATIO_UNIT = 10n ** BigInt(RATIO_SCALE);

// Sums of numeric(18,6) come back from Postgres with scale 6 and may exceed the 10^12 bound of a
// single amount, so they are read here without that bound (still exactly, as bigint micros).
const SQL_DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

/** Micros (10^-6 units) of a decimal string written by Postgres (`12.500000`, `-3`). */
export function microsOf(decimal: string): bigint {
  const match = SQL_DECIMAL.exec(decimal);
  if (!match) throw new Error(`not a decimal with at most ${AMOUNT_SCALE} decimals: ${decimal}`);
  const [, sign, units, fraction = ''] = match;
  const magnitude = BigInt(units) * MICROS_PER_UNIT + BigInt(fraction.padEnd(AMOUNT_SCALE, '0'));
  return sign === '-' ? -magnitude : magnitude;
}

/** numerator / denominator rounded half away from zero to an integer; bigint division truncates. */
export function roundedQuotient(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

function fixed(scaled: bigint): string {
  const negative = scaled < 0n;
  const magnitude = negative ? -scaled : scaled;
  const text = `${(magnitude / RATIO_UNIT).toString()}.${(magnitude % RATIO_UNIT).toString().padStart(RATIO_SCALE, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * `numerator / denominator` as a decimal string with RATIO_SCALE decimals, or null when the
 * denominator is 0. `numeratorScale`/`denominatorScale` say how many decimals each integer carries
 * (0 for counts, AMOUNT_SCALE for micros), so money and counts divide exactly, never via floats.
 */
export function ratio(
  numerator: bigint,
  numeratorScale: number,
  denominator: bigint,
  denominatorScale: number,
): string | null {
  if (denominator === 0n) return null;
  const shift = RATIO_SCALE + denominatorScale - numeratorScale;
  const scaledNumerator = shift >= 0 ? numerator * 10n ** BigInt(shift) : numerator;
  const scaledDenominator = shift >= 0 ? denominator : denominator * 10n ** BigInt(-shift);
  return fixed(roundedQuotient(scaledNumerator, scaledDenominator));
}
