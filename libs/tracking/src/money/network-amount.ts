import {
  canonicalDecimalAmount,
  type DecimalParseResult,
  type DecimalTextResult,
  parseDecimalAmount,
} from './decimal-amount';

/**
 * Amounts as affiliate networks write them (CONTRACT §4): a comma as the decimal separator
 * (`12,34`), thousands separators beside the other separator (`1,234.50`, `1.234,50`) or alone
 * when they can only be grouping (`1,234,567`). A single comma followed by exactly three digits
 * (`1,234`) is ambiguous, 1234 or 1.234, and refused rather than guessed: money is never guessed.
 */
export type NetworkAmountResult = DecimalParseResult | NetworkNotationError;

const GROUPED = /^\d{1,3}(?:SEP\d{3})+$/;
const groupedBy = (separator: ',' | '.'): RegExp =>
  new RegExp(GROUPED.source.replace('SEP', separator === '.' ? '\\.' : ','));
const COMMA_GROUPED = groupedBy(',');
const DOT_GROUPED = groupedBy('.');
const SIGNED = /^([+-]?)(.*)$/s;

export function parseNetworkAmount(input: string): NetworkAmountResult {
  const plain = plainDecimalOf(input);
  return typeof plain === 'string' ? parseDecimalAmount(plain) : plain;
}

/** The canonical text of a network's amount (`1.234,50` → `1234.5`), or why it is refused. */
export function canonicalNetworkAmount(input: string): DecimalTextResult | NetworkNotationError {
  const plain = plainDecimalOf(input);
  return typeof plain === 'string' ? canonicalDecimalAmount(plain) : plain;
}

type NetworkNotationError = { readonly ok: false; readonly error: 'ambiguous-separator' | 'bad-grouping' };

/** The amount in plain decimal notation (`-1234.50`), still to be read, or its notation's error. */
function plainDecimalOf(input: string): string | NetworkNotationError {
  // The common case, one scan: no comma, at most one dot (the plain decimal form).
  const firstDot = input.indexOf('.');
  if (!input.includes(',') && (firstDot < 0 || input.indexOf('.', firstDot + 1) < 0)) return input;
  const [, sign = '', body = ''] = SIGNED.exec(input) ?? [];
  const commas = count(body, ',');
  const dots = count(body, '.');
  if (commas === 0) {
    // `1.234.567`: several dots can only be grouping.
    return DOT_GROUPED.test(body) ? sign + strip(body, '.') : BAD_GROUPING;
  }
  if (dots === 0) {
    if (commas > 1) return COMMA_GROUPED.test(body) ? sign + strip(body, ',') : BAD_GROUPING;
    const [integer = '', fraction = ''] = body.split(',');
    if (fraction.length === 3 && /^[1-9]\d{0,2}$/.test(integer)) return AMBIGUOUS;
    return `${sign}${integer}.${fraction}`;
  }
  // Both: the last separator is the decimal one, the other must group thousands.
  const decimalAt = Math.max(body.lastIndexOf(','), body.lastIndexOf('.'));
  const decimal = body.charAt(decimalAt);
  const grouping = decimal === ',' ? '.' : ',';
  const integer = body.slice(0, decimalAt);
  const fraction = body.slice(decimalAt + 1);
  if (count(fraction, grouping) > 0 || count(integer, decimal) > 0) return BAD_GROUPING;
  if (!(grouping === ',' ? COMMA_GROUPED : DOT_GROUPED).test(integer)) return BAD_GROUPING;
  return `${sign}${strip(integer, grouping)}.${fraction}`;
}

const BAD_GROUPING = { ok: false, error: 'bad-grouping' } as const;
const AMBIGUOUS = { ok: false, error: 'ambiguous-separator' } as const;

/** Why an amount was refused, in words a network's integration engineer can act on. */
export function describeAmountError(
  input: string,
  error: Exclude<NetworkAmountResult, { ok: true }>['error'],
): string {
  const shown = Array.from(input).slice(0, 40).join(''); // cut by code points
  switch (error) {
    case 'ambiguous-separator':
      return `${shown} is ambiguous: a single comma followed by three digits may group thousands or mark decimals; send it without the comma or with a dot as the decimal separator`;
    case 'bad-grouping':
      return `${shown} mixes separators in a way that is not thousands grouping (groups of three digits) beside one decimal separator`;
    case 'too-many-decimals':
      return `${shown} has more than 6 decimals`;
    case 'out-of-range':
      return `${shown} is out of range`;
    case 'not-a-decimal':
      return `${shown} is not a decimal number`;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

function strip(text: string, char: string): string {
  return text.split(char).join('');
}
