import type { Metric, Registry } from 'prom-client';

/** One line of the exposition, as prom-client's registry formats it. */
interface ExposedValue {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** One set of label values: observed by plain additions. */
export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    private readonly metricName: string,
    readonly labels: Readonly<Record<string, string | number>>,
    private readonly buckets: readonly number[],
  ) {
    this.counts = new Float64Array(buckets.length + 1);
  }

  /** Throws at once on a value that is not a finite number, as prom-client's own `observe` does. */
  observe(value: number): void {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${this.metricName}: not a finite number: ${String(value)}`);
    }
    const buckets = this.buckets;
    let bucket = 0;
    // A bound is inclusive (`le`).
    while (bucket < buckets.length && value > (buckets[bucket] ?? Infinity)) bucket++;
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/**
 * A histogram for the hot paths (every redirect, postback and produce request), exposed exactly as
 * a prom-client Histogram with the same buckets would be. prom-client builds, checks and hashes
 * the labels of every observation (about 0.6 µs); here a caller takes the series of its label
 * values once (`series`) and each observation is a few additions. A series shows from its first
 * observation, as prom-client's labelled series do; a property test compares the two expositions.
 */
export class TallyHistogram<L extends string> {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly byKey = new Map<string, HistogramSeries>();

  constructor(
    private readonly config: {
      readonly name: string;
      readonly help: string;
      readonly labelNames: readonly L[];
      /** Upper bounds, ascending; +Inf is added. */
      readonly buckets: readonly number[];
      readonly registry: Registry;
    },
  ) {
    // prom-client's registry takes any object with its Metric's shape (name, help, type, get).
    config.registry.registerMetric(this as unknown as Metric);
  }

  get name(): string {
    return this.config.name;
  }

  get help(): string {
    return this.config.help;
  }

  /** The series of these label values (the same one on every call): keep it and observe on it. */
  series(labels: Readonly<Record<L, string | number>>): HistogramSeries {
    const key = JSON.stringify(this.config.labelNames.map((name) => String(labels[name])));
    let series = this.byKey.get(key);
    if (series === undefined) {
      const own: Record<string, string | number> = {};
      for (const name of this.config.labelNames) own[name] = labels[name];
      series = new HistogramSeries(this.config.name, own, this.config.buckets);
      this.byKey.set(key, series);
    }
    return series;
  }

  /** What the registry exposes: per series, cumulative buckets (`le`), then `_sum` and `_count`. */
  get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExposedValue[];
    aggregator: 'sum';
  }> {
    const { name, buckets } = this.config;
    const values: ExposedValue[] = [];
    for (const { labels, counts, sum, count } of this.byKey.values()) {
      if (count === 0) continue;
      let cumulative = 0;
      for (let bucket = 0; bucket <= buckets.length; bucket++) {
        cumulative += counts[bucket] ?? 0;
        values.push({
          metricName: `${name}_bucket`,
          labels: { le: buckets[bucket] ?? '+Inf', ...labels },
          value: cumulative,
        });
      }
      values.push({ metricName: `${name}_sum`, labels, value: sum });
      values.push({ metricName: `${name}_count`, labels, value: count });
    }
    return Promise.resolve({ name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  /** `registry.resetMetrics()`: every series starts from nothing (callers keep their series). */
  reset(): void {
    for (const series of this.byKey.values()) series.reset();
  }
}
