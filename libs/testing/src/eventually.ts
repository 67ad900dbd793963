export interface EventuallyOptions {
  /** Give up after this long (ms). */
  readonly timeoutMs?: number;
  /** First pause between attempts (ms); it doubles up to maxIntervalMs. */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
}

/**
 * Retries an assertion until it passes or the time runs out, then rethrows its last error.
 * Use it instead of fixed sleeps: a test waits exactly as long as the system needs.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15000);
  let pause = options.intervalMs ?? 25;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, options.maxIntervalMs ?? 500);
    }
  }
}

/** Polls a value until the predicate holds; returns that value. */
export async function pollUntil<T>(
  read: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  options: EventuallyOptions = {},
): Promise<T> {
  return eventually(async () => {
    const value = await read();
    if (!predicate(value))
      throw new Error(`pollUntil: condition not met; last value: ${JSON.stringify(value)}`);
    return value;
  }, options);
}
