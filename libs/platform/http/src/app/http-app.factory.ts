import { ConfigModule, HttpEnv, loadConfig, type LoadedConfig } from '@clickledger/platform-config';
import { LoggingModule, MetricsModule } from '@clickledger/platform-observability';
import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { ErrorResponseFilter } from '../errors/error-response.filter';
import { correlationIdOf, installCorrelationHooks } from './correlation.hooks';
import { installHttpMetrics } from './http-metrics.hooks';
import type { HttpServiceApp, HttpServiceOptions } from './http-service.options';
import { createValidationPipe } from './validation.pipe';

const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
// Longer than common load balancer idle timeouts (60 s), so the balancer closes idle
// connections first and never sends a request on a socket we are closing (spurious 502s).
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** Validates `HttpEnv` plus the service's env classes; throws `ConfigValidationError`. */
export function loadServiceConfig(options: HttpServiceOptions): LoadedConfig {
  return loadConfig([HttpEnv, ...(options.config ?? [])], {
    env: options.env,
    defaults: { HTTP_PORT: options.defaultPort },
  });
}

@Module({})
class HttpServiceRootModule {}

function rootModule(options: HttpServiceOptions, config: LoadedConfig): DynamicModule {
  const http = config.get(HttpEnv);
  return {
    module: HttpServiceRootModule,
    imports: [
      ConfigModule.forConfig(config),
      LoggingModule.forRoot({
        service: options.name,
        level: http.LOG_LEVEL,
        requestLogging: options.requestLogging,
        quietRoutes: options.quietRoutes,
        hotRoutes: options.hotRoutes,
        destination: options.logDestination,
      }),
      MetricsModule,
      options.module,
    ],
  };
}

/**
 * The Nest + Fastify application of a service, initialized but not listening: tests use
 * `app.inject()` or `app.listen(0)`. Throws `ConfigValidationError` on invalid configuration.
 */
export async function createHttpApp(
  options: HttpServiceOptions,
  config: LoadedConfig = loadServiceConfig(options),
): Promise<HttpServiceApp> {
  const http = config.get(HttpEnv);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    trustProxy: http.TRUSTED_PROXIES ?? false,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // Answer 503 to requests arriving while closing, so balancers retry elsewhere.
    return503OnClosing: true,
    genReqId: correlationIdOf,
  });
  installCorrelationHooks(adapter.getInstance());
  // Nest declares its options type as a class; a literal is how its own docs pass it.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const app = await NestFactory.create<HttpServiceApp>(rootModule(options, config), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  installHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Registry));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorResponseFilter(app.get(HttpAdapterHost)));
  await options.configure?.(app, config);
  await app.init();
  return app;
}
