import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import type { CheckResult } from './readiness-check';
import { ReadinessRegistry } from './readiness.registry';

/** What Fastify's reply (and Express's response) both offer. */
interface StatusSettable {
  status(code: number): unknown;
}

export interface HealthBody {
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly checks?: Record<string, CheckResult>;
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process is up and serving; checks nothing external so a dependency outage never restarts it. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): HealthBody {
    return { status: 'ok' };
  }

  /**
   * 200 when every critical dependency answers within its timeout (`degraded` when a non-critical
   * one, such as a cache, does not); 503 naming the failing ones and why.
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: StatusSettable): Promise<HealthBody> {
    const report = await this.readiness.report();
    if (!report.ready) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    const status = !report.ready ? 'unavailable' : report.degraded ? 'degraded' : 'ok';
    return { status, checks: report.checks };
  }
}
