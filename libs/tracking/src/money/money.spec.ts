import fc from 'fast-check';
import {
  canonicalDecimalAmount,
  formatDecimalAmount,
  MAX_AMOUNT_MICROS,
  normalizeDecimalAmount,
  parseDecimalAmount,
} from './decimal-amount';
import { normalizeCurrencyCode } from './iso-4217';
import { CurrencyMismatchError, Money } from './money';

const micros = fc.bigInt({ min: -MAX_AMOUNT_MICROS, max: MAX_AMOUNT_MICROS });

describe('decimal amounts', () => {
  it.each([
    ['12.50', '12.5'],
    ['-3', '-3'],
    ['+7.000', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['0.000001', '0.000001'],
    ['-0', '0'],
    ['007.10', '7.1'],
    ['1.2500000000', '1.25'],
    ['999999999999.999999', '999999999999.999999'],
  ])('normalizes %p to %p', (input, canonical) => {
    expect(normalizeDecimalAmount(input)).toBe(canonical);
  });

  it.each([
    ['1.0000001', 'too-many-decimals'],
    ['1e3', 'not-a-decimal'],
    ['1,5', 'not-a-decimal'],
    ['', 'not-a-decimal'],
    ['.', 'not-a-decimal'],
    ['-', 'not-a-decimal'],
    ['NaN', 'not-a-decimal'],
    ['Infinity', 'not-a-decimal'],
    [' 1', 'not-a-decimal'],
    ['0x10', 'not-a-decimal'],
    ['1000000000000', 'out-of-range'],
    ['-1000000000000', 'out-of-range'],
  ])('rejects %p (%s)', (input, error) => {
    expect(parseDecimalAmount(input)).toEqual({ ok: false, error });
  });

  it.each([
    ['1.0000001', 'too-many-decimals'],
    ['1e3', 'not-a-decimal'],
    ['+', 'not-a-decimal'],
    ['1000000000000', 'out-of-range'],
    ['0001000000000000.0000000', 'out-of-range'],
    ['1000000000000.0000001', 'too-many-decimals'],
  ])('reads %p as text with the same refusal (%s)', (input, error) => {
    expect(canonicalDecimalAmount(input)).toEqual({ ok: false, error });
  });

  it('reads any text as the BigInt path does: the same canonical text, the same refusal', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${String(max)}}$`));
    const decimalShaped = fc
      .tuple(fc.constantFrom('', '+', '-'), digits(16), fc.constantFrom('', '.'), digits(9))
      .map(([sign, integer, dot, fraction]) => `${sign}${integer}${dot}${fraction}`);
    const nearDecimal = fc
      .tuple(decimalShaped, fc.nat(20), fc.constantFrom('0', '.', '-', '+', 'e', ',', ' ', '٣', '\n', ''))
      .map(([text, at, inserted]) => text.slice(0, at) + inserted + text.slice(at));
    const viaBigInt = (input: string) => {
      const parsed = parseDecimalAmount(input);
      return parsed.ok ? { ok: true, text: formatDecimalAmount(parsed.micros) } : parsed;
    };
    fc.assert(
      fc.property(fc.oneof(decimalShaped, nearDecimal, fc.string({ maxLength: 70 })), (input) => {
        expect(canonicalDecimalAmount(input)).toEqual(viaBigInt(input));
      }),
      { numRuns: 20_000 },
    );
  });

  it('format then parse is the identity on every amount in range', () => {
    fc.assert(
      fc.property(micros, (value) => {
        expect(parseDecimalAmount(formatDecimalAmount(value))).toEqual({ ok: true, micros: value });
      }),
    );
  });
});

describe('Money', () => {
  it('adds exactly where floats do not: 0.1 + 0.2 = 0.3', () => {
    const sum = Money.parse('0.1', 'USD')!.plus(Money.parse('0.2', 'USD')!);
    expect(sum.amount).toBe('0.3');
    expect(sum.equals(Money.parse('0.3', 'USD')!)).toBe(true);
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('sums a million cents to exactly 10000', () => {
    let total = Money.zero('EUR');
    const cent = Money.parse('0.01', 'EUR')!;
    for (let i = 0; i < 1_000_000; i++) total = total.plus(cent);
    expect(total.toJSON()).toEqual({ amount: '10000', currency: 'EUR' });
  });

  it('plus, minus, negate and compare agree with bigint arithmetic', () => {
    const small = fc.bigInt({ min: -(MAX_AMOUNT_MICROS / 2n), max: MAX_AMOUNT_MICROS / 2n });
    fc.assert(
      fc.property(small, small, (a, b) => {
        const x = Money.ofMicros(a, 'USD');
        const y = Money.ofMicros(b, 'USD');
        expect(x.plus(y).micros).toBe(a + b);
        expect(x.minus(y).micros).toBe(a - b);
        expect(x.plus(y).minus(y).equals(x)).toBe(true);
        expect(x.negate().plus(x).isZero()).toBe(true);
        expect(x.compare(y)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(Money.parse(x.amount, 'USD')!.equals(x)).toBe(true);
      }),
    );
  });

  it('refuses to mix currencies or leave the range', () => {
    expect(() => Money.parse('1', 'USD')!.plus(Money.parse('1', 'EUR')!)).toThrow(CurrencyMismatchError);
    expect(() => Money.ofMicros(MAX_AMOUNT_MICROS, 'USD').plus(Money.ofMicros(1n, 'USD'))).toThrow(
      /out of range/,
    );
    expect(Money.parse('abc', 'USD')).toBeNull();
  });
});

describe('ISO 4217 codes', () => {
  it('accepts active codes in any case and rejects others', () => {
    expect(normalizeCurrencyCode('usd')).toBe('USD');
    expect(normalizeCurrencyCode('EUR')).toBe('EUR');
    expect(normalizeCurrencyCode('XYZ')).toBeNull();
    expect(normalizeCurrencyCode('US')).toBeNull();
    expect(normalizeCurrencyCode('DEM')).toBeNull();
  });
});
