import { isISO8601 } from 'class-validator';
import fc from 'fast-check';
import { isStrictIso8601 } from './instant';

const strict = (value: string) => isISO8601(value, { strict: true });

describe('isStrictIso8601', () => {
  it('accepts every instant as Date#toISOString writes it (years 1000–9999), as validator does', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(isStrictIso8601(text)).toBe(true);
          expect(strict(text)).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('agrees with validator on any string of the canonical shape, impossible fields included', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two, two, two, two, two, fc.integer({ min: 0, max: 999 }))
      .map(
        ([year, month, day, hour, minute, second, ms]) =>
          `${String(year).padStart(4, '0')}-${month}-${day}T${hour}:${minute}:${second}.${String(ms).padStart(3, '0')}Z`,
      );
    fc.assert(
      fc.property(shaped, (text) => {
        expect(isStrictIso8601(text)).toBe(strict(text));
      }),
      { numRuns: 50_000 },
    );
  });

  it('agrees with validator on other forms and on anything at all', () => {
    for (const text of [
      '2024-02-29T12:00:00.000Z',
      '2023-02-29T12:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2026-12-02T04:21:24Z',
      '2026-12-02T04:21:24.123+01:00',
      '2026-12-02',
      '2026-12-02T24:00:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '2026-12-02T04:21:24.123z',
      '２０２６-12-02T04:21:24.123Z',
    ])
      expect(isStrictIso8601(text)).toBe(strict(text));
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        expect(isStrictIso8601(text)).toBe(strict(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
