import { numberOption, parseBenchArgs } from './options';

export interface WorkRoundsOptions {
  readonly count: number;
  readonly rounds: number;
  readonly inFlight: number;
}

/**
 * The command line every `*-work` bench shares: `--<items> N` per round (default 200,000) and
 * `--rounds N` (default 5), with 64 items in flight as under wrk -c64.
 */
export function workRoundsOptions(bench: string, items: string): WorkRoundsOptions {
  const values = parseBenchArgs(`npm run bench -- ${bench} [--${items} 200000] [--rounds 5]`, {
    [items]: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
  });
  return {
    count: numberOption(values[items], items, 1000),
    rounds: numberOption(values.rounds, 'rounds', 1),
    inFlight: 64,
  };
}

/**
 * Runs `work` over `count` items per round, `inFlight` at a time (as under wrk -c64), round 0 to
 * warm the JIT up, and prints CPU µs per item per round and the median of the measured rounds.
 * For the `*-work` benches: a service's own code in one process, without HTTP or Kafka.
 */
export async function measureWorkRounds(
  unit: string,
  options: WorkRoundsOptions,
  work: (n: number) => Promise<unknown>,
): Promise<number> {
  const perItem: number[] = [];
  for (let round = 0; round <= options.rounds; round++) {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let n = 0; n < options.count; n += options.inFlight) {
      const batch: Promise<unknown>[] = [];
      for (let i = n; i < Math.min(options.count, n + options.inFlight); i++) batch.push(work(i));
      await Promise.all(batch);
    }
    const used = process.cpuUsage(cpu);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const microseconds = (used.user + used.system) / options.count;
    if (round > 0) perItem.push(microseconds);
    console.log(
      `  round ${String(round)}${round === 0 ? ' (warm-up)' : ''}: ${microseconds.toFixed(2)} CPU µs per ${unit}, ${wallMs.toFixed(0)} ms`,
    );
  }
  perItem.sort((a, b) => a - b);
  const median = perItem[Math.floor(perItem.length / 2)] ?? 0;
  console.log(
    `median ${median.toFixed(2)} CPU µs per ${unit} (${(perItem[0] ?? 0).toFixed(2)}–${(perItem.at(-1) ?? 0).toFixed(2)})`,
  );
  return median;
}
