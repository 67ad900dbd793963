import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';

/** One registry per application (not prom-client's global one, so apps in one process stay apart). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Serves `GET /metrics` and provides the application's `Registry`: inject it and register
 * counters and histograms on it (`registers: [registry]`), named snake_case with units
 * (`postbacks_received_total`, `redirect_duration_seconds`).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [{ provide: Registry, useFactory: createMetricsRegistry }],
  exports: [Registry],
})
export class MetricsModule {}
