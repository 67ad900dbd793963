import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata } from '@nestjs/common';
import { HealthController } from './health.controller';
import type { ReadinessCheck } from './readiness-check';
import { READINESS_CHECKS, READINESS_TIMEOUT_MS, ReadinessRegistry } from './readiness.registry';

const DEFAULT_TIMEOUT_MS = 1000;

export interface HealthOptions {
  readonly checks?: readonly ReadinessCheck[];
  /** Per-check timeout; default 1000 ms. */
  readonly timeoutMs?: number;
}

export interface HealthAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: InjectionToken[];
  readonly useFactory: (...deps: never[]) => readonly ReadinessCheck[] | Promise<readonly ReadinessCheck[]>;
  readonly timeoutMs?: number;
}

/** `GET /health/live` and `GET /health/ready`; `ReadinessRegistry` is exported for dynamic checks. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = {}): DynamicModule {
    return HealthModule.build(
      [],
      { provide: READINESS_CHECKS, useValue: options.checks ?? [] },
      options.timeoutMs,
    );
  }

  /** Checks built from other providers, e.g. `inject: [REDIS_CLIENT], useFactory: (r) => [redisReadinessCheck(r)]`. */
  static forRootAsync(options: HealthAsyncOptions): DynamicModule {
    return HealthModule.build(
      options.imports ?? [],
      { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.useFactory },
      options.timeoutMs,
    );
  }

  private static build(
    imports: NonNullable<ModuleMetadata['imports']>,
    checksProvider: NonNullable<ModuleMetadata['providers']>[number],
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports,
      controllers: [HealthController],
      providers: [checksProvider, { provide: READINESS_TIMEOUT_MS, useValue: timeoutMs }, ReadinessRegistry],
      exports: [ReadinessRegistry],
    };
  }
}
