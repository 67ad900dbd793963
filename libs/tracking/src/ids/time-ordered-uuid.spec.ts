import fc from 'fast-check';
import { timeOrderedUuid } from './time-ordered-uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (uuid: string): number => parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);

describe('timeOrderedUuid (RFC 9562 version 7)', () => {
  it('carries the time it was made in its first 48 bits, with version 7 and the RFC variant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (now) => {
        const uuid = timeOrderedUuid(now);
        expect(uuid).toMatch(V7);
        expect(millisOf(uuid)).toBe(now);
      }),
    );
  });

  it('sorts ids made in different milliseconds by their time, as text and as Postgres compares uuids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 2, maxLength: 50 }),
        (times) => {
          const ids = times.map((time) => timeOrderedUuid(time));
          const byTime = [...ids].sort((a, b) => millisOf(a) - millisOf(b));
          expect([...ids].sort()).toEqual(byTime);
        },
      ),
    );
  });

  it('never repeats within a burst larger than its random pool', () => {
    const now = Date.now();
    const ids = Array.from({ length: 20_000 }, () => timeOrderedUuid(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => V7.test(id))).toBe(true);
  });
});
