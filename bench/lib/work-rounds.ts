/**
 * Runs `work` over `count` items per round, `inFlight` at a time (as under wrk -c64), round 0 to
 * warm the JIT up, and prints CPU µs per item per round and the median of the measured rounds.
 * For the `*-work` benches: a service's own code in one process, without HTTP or Kafka.
 */
export async function measureWorkRounds(
  unit: string,
  options: { readonly count: number; readonly rounds: number; readonly inFlight: number },
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
