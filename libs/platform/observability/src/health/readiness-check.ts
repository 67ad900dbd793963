/** One dependency the service needs before it can take traffic. `check` rejects with the reason. */
export interface ReadinessCheck {
  readonly name: string;
  /**
   * Default true. A dependency the service can work without (a cache with a fallback) is not
   * critical: when its check fails it is reported `degraded` and the service stays ready.
   */
  readonly critical?: boolean;
  check(): Promise<void>;
}

export interface CheckResult {
  readonly status: 'up' | 'down' | 'degraded';
  readonly durationMs: number;
  /** Why it is down; only the message, never a stack. */
  readonly error?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** A non-critical check failed: ready, but working around it. */
  readonly degraded: boolean;
  readonly checks: Record<string, CheckResult>;
}

export class CheckTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs}ms`);
    this.name = 'CheckTimeoutError';
  }
}

/** Rejects when `promise` takes longer than `timeoutMs`; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new CheckTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOne(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const durationMs = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    // A check that throws synchronously is as down as one that rejects.
    await withTimeout(
      Promise.resolve().then(() => check.check()),
      timeoutMs,
    );
    return { status: 'up', durationMs: durationMs() };
  } catch (error) {
    return {
      status: check.critical === false ? 'degraded' : 'down',
      durationMs: durationMs(),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runOne(check, timeoutMs)));
  const entries = checks.map((check, index) => [check.name, results[index]] as const);
  return {
    ready: results.every((result) => result.status !== 'down'),
    degraded: results.some((result) => result.status === 'degraded'),
    checks: Object.fromEntries(entries),
  };
}
