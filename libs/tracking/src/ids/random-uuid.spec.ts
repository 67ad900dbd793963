import { randomUuid } from './random-uuid';
import { timeOrderedUuid } from './time-ordered-uuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes version 4, variant 10 UUIDs, each different, across many refills of the random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => randomUuid());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leaves every random digit free to vary, and shares the pool with time-ordered ids without repeats', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? randomUuid() : timeOrderedUuid()));
    expect(new Set(ids).size).toBe(ids.length);
    const v4 = ids.filter((_, i) => i % 2 === 0);
    // Every hex position outside the version digit takes more than a few values over 1,000 ids.
    for (let position = 0; position < 36; position++) {
      if ([8, 13, 14, 18, 19, 23].includes(position)) continue;
      expect(new Set(v4.map((id) => id[position])).size).toBeGreaterThan(8);
    }
  });
});
