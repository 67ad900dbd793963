/**
 * Weighted random choice in O(log n): cumulative weights are computed once per campaign config,
 * so a click costs one random number and a binary search.
 */
export class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weightOf: (item: T) => number,
    private readonly random: () => number = Math.random,
  ) {
    if (items.length === 0) throw new Error('WeightedPicker needs at least one item');
    let sum = 0;
    for (const item of items) {
      const weight = weightOf(item);
      if (!(weight > 0)) throw new Error('weights must be positive');
      sum += weight;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(): T {
    const target = this.random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (target < (this.cumulative[mid] ?? 0)) high = mid;
      else low = mid + 1;
    }
    return this.items[low];
  }
}
