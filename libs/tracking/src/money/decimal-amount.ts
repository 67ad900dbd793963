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

export type DecimalTextResult =
  { readonly ok: true; readonly text: string } | Extract<DecimalParseResult, { readonly ok: false }>;

/** Integer digits an amount may have: MAX_AMOUNT_MICROS is 999,999,999,999.999999 units. */
const MAX_INTEGER_DIGITS = 18 - AMOUNT_SCALE;
const ZERO = 48;
const NINE = 57;

/**
 * The canonical text of a decimal amount, `formatDecimalAmount(parseDecimalAmount(input).micros)`,
 * and the same refusals, read as text without BigInt: every click's cost and every postback's
 * payout goes through it, where the BigInt round trip cost about a third of a microsecond.
 */
export function canonicalDecimalAmount(input: string): DecimalTextResult {
  const length = input.length;
  if (length === 0 || length > MAX_INPUT_LENGTH) return NOT_A_DECIMAL;
  let i = 0;
  const signCode = input.charCodeAt(0);
  if (signCode === 43 /* + */ || signCode === 45 /* - */) i = 1;
  const integerStart = i;
  while (i < length && isDigit(input.charCodeAt(i))) i++;
  const integerEnd = i;
  let fractionStart = i;
  if (i < length && input.charCodeAt(i) === 46 /* . */) {
    fractionStart = ++i;
    while (i < length && isDigit(input.charCodeAt(i))) i++;
  }
  const fractionEnd = i;
  if (i !== length || (integerEnd === integerStart && fractionEnd === fractionStart)) return NOT_A_DECIMAL;
  let significantEnd = fractionEnd;
  while (significantEnd > fractionStart && input.charCodeAt(significantEnd - 1) === ZERO) significantEnd--;
  if (significantEnd - fractionStart > AMOUNT_SCALE) return TOO_MANY_DECIMALS;
  let significantStart = integerStart;
  while (significantStart < integerEnd && input.charCodeAt(significantStart) === ZERO) significantStart++;
  if (integerEnd - significantStart > MAX_INTEGER_DIGITS) return OUT_OF_RANGE;
  const units = significantStart === integerEnd ? '0' : input.slice(significantStart, integerEnd);
  const text =
    significantEnd === fractionStart ? units : `${units}.${input.slice(fractionStart, significantEnd)}`;
  return { ok: true, text: signCode === 45 && text !== '0' ? `-${text}` : text };
}

const isDigit = (code: number): boolean => code >= ZERO && code <= NINE;
const NOT_A_DECIMAL = { ok: false, error: 'not-a-decimal' } as const;
const TOO_MANY_DECIMALS = { ok: false, error: 'too-many-decimals' } as const;
const OUT_OF_RANGE = { ok: false, error: 'out-of-range' } as const;

/** Re-writes a decimal string canonically, or returns null when it is not a valid amount. */
export function normalizeDecimalAmount(input: string): string | null {
  const canonical = canonicalDecimalAmount(input);
  return canonical.ok ? canonical.text : null;
}
