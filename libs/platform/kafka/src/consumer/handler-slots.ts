/**
 * At most `size` calls of `run` at once; the others wait their turn, first come first served.
 * Each call holds its slot only while its work runs, so a caller between attempts (backing off)
 * does not keep the others waiting.
 */
export class HandlerSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`slots must be a positive integer, got ${String(size)}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy < this.size) this.busy += 1;
    // The slot is handed over by the caller that frees it: `busy` stays counted for the waiter.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }

  /** Calls running now (for tests and metrics). */
  get running(): number {
    return this.busy;
  }
}
