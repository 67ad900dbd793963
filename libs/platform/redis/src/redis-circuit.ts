/** Thrown instead of calling Redis while the circuit is open. */
export class RedisCircuitOpenError extends Error {
  readonly code = 'redis.circuit-open';
}

export interface RedisTrouble {
  /** The last failure's message, e.g. `Command timed out`. */
  readonly error: string;
  readonly sinceMs: number;
}

/**
 * After a Redis failure (a timeout, a dropped connection), callers skip Redis for `coolDownMs`
 * and go to the source of truth directly; the first call after that tries Redis again. A slow
 * Redis then costs one command timeout per cool-down, not one per call.
 */
export class RedisCircuit {
  private openUntil = 0;
  private lastFailure: { readonly at: number; readonly error: string } | undefined;

  constructor(
    private readonly coolDownMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.now() < this.openUntil) {
      throw new RedisCircuitOpenError(`Redis skipped after: ${this.lastFailure?.error ?? 'a failure'}`);
    }
    try {
      return await operation();
    } catch (error) {
      this.lastFailure = { at: this.now(), error: error instanceof Error ? error.message : String(error) };
      this.openUntil = this.lastFailure.at + this.coolDownMs;
      throw error;
    }
  }

  /** The recent failure while the circuit is open (callers are skipping Redis), else undefined. */
  get trouble(): RedisTrouble | undefined {
    const now = this.now();
    if (!this.lastFailure || now >= this.openUntil) return undefined;
    return { error: this.lastFailure.error, sinceMs: now - this.lastFailure.at };
  }
}

export type RedisFailureKind = 'timeout' | 'unavailable' | 'circuit-open' | 'error';

/** A bounded label for metrics: why a Redis call failed. */
export function redisFailureKind(error: unknown): RedisFailureKind {
  if (error instanceof RedisCircuitOpenError) return 'circuit-open';
  const message = error instanceof Error ? error.message : '';
  if (/timed out|timeout/i.test(message)) return 'timeout';
  if (/writeable|connection is closed|max retries|ECONNREFUSED|ECONNRESET|EPIPE/i.test(message))
    return 'unavailable';
  return 'error';
}
