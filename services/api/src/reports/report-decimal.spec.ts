import fc from 'fast-check';
import { microsOf, ratio } from './report-decimal';

describe('microsOf', () => {
  it('reads Postgres numerics exactly, beyond the bound of a single amount', () => {
    expect(microsOf('0.300000')).toBe(300_000n);
    expect(microsOf('-3')).toBe(-3_000_000n);
    expect(microsOf('12345678901234567.000001')).toBe(12345678901234567000001n);
  });

  it('refuses anything else', () => {
    expect(() => microsOf('1e3')).toThrow();
    expect(() => microsOf('0.1234567')).toThrow();
  });
});

describe('ratio', () => {
  it('is null on a zero denominator', () => {
    expect(ratio(5n, 0, 0n, 0)).toBeNull();
  });

  it('divides counts and micros with six fixed decimals', () => {
    expect(ratio(1n, 0, 4n, 0)).toBe('0.250000'); // CR 1/4
    expect(ratio(2n, 0, 3n, 0)).toBe('0.666667'); // rounds half away from zero
    expect(ratio(300_000n, 6, 3n, 0)).toBe('0.100000'); // EPC 0.3 / 3
    expect(ratio(-500_000n, 6, 2_000_000n, 6)).toBe('-0.250000'); // ROI −0.5 / 2
    expect(ratio(-1n, 0, 3n, 0)).toBe('-0.333333');
    expect(ratio(5_000_000n, 6, 1n, 6)).toBe('5000000.000000');
  });

  it('matches exact rational rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt(-(10n ** 15n), 10n ** 15n),
        fc.bigInt(1n, 10n ** 12n),
        (numerator, denominator) => {
          const text = ratio(numerator, 6, denominator, 6);
          expect(text).not.toBeNull();
          const scaled = BigInt((text ?? '').replace('.', ''));
          // |scaled − numerator·10^6/denominator| ≤ 1/2
          const error = scaled * denominator - numerator * 1_000_000n;
          const magnitude = error < 0n ? -error : error;
          expect(2n * magnitude <= denominator).toBe(true);
        },
      ),
    );
  });
});
