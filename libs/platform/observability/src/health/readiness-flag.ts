import type { ReadinessCheck } from './readiness-check';

/**
 * A readiness check the service flips itself, e.g. "consumers caught up" or "campaigns loaded":
 * down until `markReady()`, and down again with a reason after `markNotReady()` (draining).
 */
export class ReadinessFlag implements ReadinessCheck {
  private reason: string | undefined;

  constructor(
    readonly name: string,
    initialReason = 'not started',
  ) {
    this.reason = initialReason;
  }

  get isReady(): boolean {
    return this.reason === undefined;
  }

  markReady(): void {
    this.reason = undefined;
  }

  markNotReady(reason: string): void {
    this.reason = reason;
  }

  check(): Promise<void> {
    return this.reason === undefined ? Promise.resolve() : Promise.reject(new Error(this.reason));
  }
}
