import type { SourcePostbackAttemptOutcome } from '@clickledger/persistence';
import type { SendResult } from './postback-sender';

export interface RetryPolicyOptions {
  /** Delay before the first retry; doubles with each attempt. */
  readonly initialMs: number;
  readonly maxMs: number;
  readonly random?: () => number;
}

export interface AttemptDecision {
  readonly outcome: SourcePostbackAttemptOutcome;
  readonly nextAttemptAt: Date | null;
  /** How the attempt counts for the host's circuit breaker. */
  readonly health: 'success' | 'failure' | 'neutral';
}

/**
 * CONTRACT §9: an answer `2xx`/`3xx` is delivered (redirects are not followed: the source got the
 * request); a network error, a timeout, `5xx` or `429` is retried with a growing back-off until
 * the delivery's retry time is over (`expired`); any other `4xx`, or a refused destination, is final.
 */
export function decide(
  result: SendResult,
  attempt: number,
  giveUpAt: Date,
  options: RetryPolicyOptions,
  now = Date.now(),
): AttemptDecision {
  if (result.failure === 'refused') return { outcome: 'failed', nextAttemptAt: null, health: 'neutral' };
  const status = result.statusCode;
  if (status !== null && status < 400)
    return { outcome: 'delivered', nextAttemptAt: null, health: 'success' };
  if (status !== null && status !== 429 && status < 500) {
    // The host is alive and answering: a 4xx says nothing bad about it.
    return { outcome: 'failed', nextAttemptAt: null, health: 'success' };
  }
  const delay = Math.max(backoffMs(attempt, options), Math.min(result.retryAfterMs ?? 0, options.maxMs));
  const next = now + delay;
  if (next > giveUpAt.getTime()) return { outcome: 'expired', nextAttemptAt: null, health: 'failure' };
  return { outcome: 'retry', nextAttemptAt: new Date(next), health: 'failure' };
}

/**
 * Delay after the `attempt`-th attempt: initial × 2^(attempt−1), capped, with up to 20% taken off
 * at random so retries of many deliveries to one host spread out (never later than the nominal
 * delay, so the first retry stays within the configured bound).
 */
export function backoffMs(attempt: number, options: RetryPolicyOptions): number {
  const nominal = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  const random = options.random ?? Math.random;
  return Math.round(nominal * (0.8 + 0.2 * random()));
}
