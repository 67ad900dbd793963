import fc from 'fast-check';
import { formatDecimalAmount, MAX_AMOUNT_MICROS, parseDecimalAmount } from './decimal-amount';
import { canonicalNetworkAmount, describeAmountError, parseNetworkAmount } from './network-amount';

describe('amounts as networks write them (CONTRACT §4)', () => {
  it.each([
    ['12,34', 12_340_000n],
    ['12,5', 12_500_000n],
    ['1,234.50', 1_234_500_000n],
    ['1.234,50', 1_234_500_000n],
    ['12,345,678.9', 12_345_678_900_000n],
    ['1,234,567', 1_234_567_000_000n],
    ['1.234.567', 1_234_567_000_000n],
    ['-7,20', -7_200_000n],
    ['0,123', 123_000n],
    ['9.00', 9_000_000n],
  ])('reads %p exactly', (input, micros) => {
    expect(parseNetworkAmount(input)).toEqual({ ok: true, micros });
  });

  it.each([
    ['1,234', 'ambiguous-separator'],
    ['-1,234', 'ambiguous-separator'],
    ['12,34.5', 'bad-grouping'],
    ['1,2,3', 'bad-grouping'],
    ['1.234.56', 'bad-grouping'],
    ['1,234.567,8', 'bad-grouping'],
    ['1,234.5678901', 'too-many-decimals'],
    ['1 234,50', 'not-a-decimal'],
  ])('refuses %p (%s)', (input, error) => {
    expect(parseNetworkAmount(input)).toEqual({ ok: false, error });
  });

  it('says why an ambiguous amount is refused', () => {
    expect(describeAmountError('1,234', 'ambiguous-separator')).toMatch(
      /^1,234 is ambiguous: .*three digits/,
    );
  });

  it('reads any text as text exactly as it reads it as micros (the postback parser reads text)', () => {
    const networkShaped = fc
      .array(fc.constantFrom('0', '1', '2', '5', '9', ',', '.', '-', '+', ' '), { maxLength: 24 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(networkShaped, fc.string({ maxLength: 70 })), (input) => {
        const micros = parseNetworkAmount(input);
        expect(canonicalNetworkAmount(input)).toEqual(
          micros.ok ? { ok: true, text: formatDecimalAmount(micros.micros) } : micros,
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the plain decimal parser on every canonical amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_AMOUNT_MICROS, max: MAX_AMOUNT_MICROS }), (micros) => {
        const text = formatDecimalAmount(micros);
        expect(parseNetworkAmount(text)).toEqual(parseDecimalAmount(text));
      }),
    );
  });
});
