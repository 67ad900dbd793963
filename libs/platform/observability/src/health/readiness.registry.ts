import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { runReadinessChecks, type ReadinessCheck, type ReadinessReport } from './readiness-check';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const READINESS_TIMEOUT_MS = Symbol('READINESS_TIMEOUT_MS');

/**
 * The checks behind `GET /health/ready`. Modules may add their own at init
 * (`registry.register(flag)`), e.g. a consumer that is ready once it has caught up.
 */
@Injectable()
export class ReadinessRegistry implements BeforeApplicationShutdown {
  private readonly checks: ReadinessCheck[];
  private shuttingDown = false;

  constructor(
    @Inject(READINESS_CHECKS) checks: readonly ReadinessCheck[],
    @Inject(READINESS_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    this.checks = [...checks];
  }

  register(check: ReadinessCheck): void {
    if (this.checks.some((existing) => existing.name === check.name)) {
      throw new Error(`A readiness check named "${check.name}" is already registered`);
    }
    this.checks.push(check);
  }

  get names(): string[] {
    return this.checks.map((check) => check.name);
  }

  async report(): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks, this.timeoutMs);
    if (!this.shuttingDown) return report;
    // Tell load balancers to stop routing here while in-flight work drains.
    return {
      ready: false,
      degraded: report.degraded,
      checks: { ...report.checks, shutdown: { status: 'down', durationMs: 0, error: 'shutting down' } },
    };
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}
