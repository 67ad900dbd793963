import { Counter, type Registry } from 'prom-client';

interface Cell<L extends string> {
  readonly labels: Partial<Record<L, string>>;
  count: number;
  /** Counted since the last read, even by 0 (which makes a series at 0, as prom-client does). */
  pending: boolean;
}

/**
 * A prom-client Counter for the hot paths (a redirect, a postback), counted by plain additions.
 *
 * prom-client builds, hashes and checks the labels of every `inc`: 124 ns with one label and
 * 191 ns with two, on a quiet core. Here each call site names its label values positionally, a
 * series is found in a map by those values (constant strings, whose hashes V8 keeps), and the
 * counts reach the Counter when the registry is read (its `collect` hook). `/metrics` shows the
 * same series with the same values as if the Counter had been incremented directly (possibly in
 * another order, which Prometheus does not read); a property test compares the two expositions,
 * resets included.
 */
export class TallyCounter<L extends string> {
  /** Every series counted, by its first label value, then its second. */
  private readonly byFirst = new Map<string, Map<string, Cell<L>>>();

  constructor(
    private readonly config: {
      readonly name: string;
      readonly help: string;
      /** One or two label names, in the order `inc` takes their values. */
      readonly labelNames: readonly [L] | readonly [L, L];
      readonly registry: Registry;
    },
  ) {
    const byFirst = this.byFirst;
    const everyCell = function* (): Generator<Cell<L>> {
      for (const bySecond of byFirst.values()) yield* bySecond.values();
    };
    const counter = new Counter<L>({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames,
      registers: [config.registry],
      collect() {
        for (const cell of everyCell())
          if (cell.pending) {
            this.inc(cell.labels, cell.count);
            cell.count = 0;
            cell.pending = false;
          }
      },
    });
    // `registry.resetMetrics()` resets the Counter: what is tallied and not yet read goes too.
    const reset = counter.reset.bind(counter);
    counter.reset = () => {
      reset();
      for (const cell of everyCell()) {
        cell.count = 0;
        cell.pending = false;
      }
    };
  }

  /**
   * Adds `by` (default 1) to the series of these label values (the second only with two labels).
   * Throws at once on a negative or non-finite amount, as prom-client's own `inc` does, rather
   * than when the registry is read.
   */
  inc(first: string, second = '', by = 1): void {
    if (!(by >= 0 && by < Infinity)) {
      throw new RangeError(
        `${this.config.name}: a counter only grows by a finite amount ≥ 0 (got ${String(by)})`,
      );
    }
    let bySecond = this.byFirst.get(first);
    if (bySecond === undefined) {
      bySecond = new Map();
      this.byFirst.set(first, bySecond);
    }
    let cell = bySecond.get(second);
    if (cell === undefined) {
      const [firstName, secondName] = this.config.labelNames;
      const labels: Partial<Record<L, string>> = {};
      labels[firstName] = first;
      if (secondName !== undefined) labels[secondName] = second;
      cell = { labels, count: 0, pending: false };
      bySecond.set(second, cell);
    }
    cell.count += by;
    cell.pending = true;
  }
}
