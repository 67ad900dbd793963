import fc from 'fast-check';
import { WeightedPicker } from './weighted-picker';

describe('WeightedPicker', () => {
  it('always picks one of its items, with any random value in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (weights, r) => {
          const picker = new WeightedPicker(
            weights.map((w, i) => ({ i, w })),
            (x) => x.w,
            () => r,
          );
          const picked = picker.pick();
          expect(picked.i).toBeGreaterThanOrEqual(0);
          expect(picked.i).toBeLessThan(weights.length);
        },
      ),
    );
  });

  it('maps the random value onto the weights in order', () => {
    const items = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 3 },
    ];
    const at = (r: number) =>
      new WeightedPicker(
        items,
        (x) => x.weight,
        () => r,
      ).pick().id;
    expect(at(0)).toBe('a');
    expect(at(0.24)).toBe('a');
    expect(at(0.25)).toBe('b');
    expect(at(0.999)).toBe('b');
  });

  it('follows the weights over many picks', () => {
    const weights = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 7],
    ]);
    const picker = new WeightedPicker([...weights.keys()], (x) => weights.get(x) ?? 0);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 100_000; i++) counts[picker.pick()] += 1;
    expect(counts.a / 100_000).toBeCloseTo(0.1, 1);
    expect(counts.b / 100_000).toBeCloseTo(0.2, 1);
    expect(counts.c / 100_000).toBeCloseTo(0.7, 1);
  });

  it('refuses an empty list or a non-positive weight', () => {
    expect(() => new WeightedPicker([], () => 1)).toThrow();
    expect(() => new WeightedPicker(['a'], () => 0)).toThrow();
  });
});
