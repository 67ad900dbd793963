import fc from 'fast-check';
import { isoInstant } from './iso-instant';

describe('isoInstant', () => {
  it('writes any instant exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 253_402_300_799_999 }),
          // Around now, leap days and the ends of the four-digit range; before 1970 and past 9999.
          fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
          fc.constantFrom(0, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 253_402_300_799_999),
          fc.integer({ min: -62_198_755_200_000, max: -1 }),
          fc.integer({ min: 253_402_300_800_000, max: 8_640_000_000_000_000 }),
          fc.double({ min: 0, max: 2e12, noNaN: true }),
        ),
        (ms) => {
          expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
          // Twice in a row: the kept last instant.
          expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 50_000 },
    );
  });

  it('refuses what Date refuses', () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoInstant(8_640_000_000_000_001)).toThrow(RangeError);
  });
});
