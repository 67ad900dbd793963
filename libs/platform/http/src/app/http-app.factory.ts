import { ConfigModule, HttpEnv, loadConfig, type LoadedConfig } from '@clickledger/platform-config';
import { LoggingModule, MetricsModule } from '@clickledger/platform-observability';
import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { ErrorResponseFilter } from '../errors/error-response.filter';
import { answerClientError, type ClientErrorHandler } from './client-errors';
import { correlationIdOf, installCorrelationHooks } from './correlation.hooks';
import { installHttpMetrics } from './http-metrics.hooks';
import { RawRoutes } from './raw-routes';
import type { HttpServiceApp, HttpServiceOptions } from './http-service.options';
import { createValidationPipe } from './validation.pipe';

const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** Validates `HttpEnv` plus the service's env classes; throws `ConfigValidationError`. */
export function loadServiceConfig(options: HttpServiceOptions): LoadedConfig {
  return loadConfig([HttpEnv, ...(options.config ?? [])], {
    env: options.env,
    defaults: { HTTP_PORT: options.defaultPort },
  });
}

@Module({})
class HttpServiceRootModule {}

function rootModule(options: HttpServiceOptions, config: LoadedConfig, rawRoutes: RawRoutes): DynamicModule {
  const http = config.get(HttpEnv);
  return {
    module: HttpServiceRootModule,
    global: true,
    providers: [{ provide: RawRoutes, useValue: rawRoutes }],
    exports: [RawRoutes],
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
  // Bound late: a service's handler may need the app (e.g. to log what it refused).
  let clientErrors: ClientErrorHandler = answerClientError;
  const rawRoutes = new RawRoutes();
  const limits = connectionLimits(http);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    trustProxy: options.fastifyRequestIp === 'peer' ? false : (http.TRUSTED_PROXIES ?? false),
    ...limits,
    // Node's server, with the hot routes answered before Fastify (see RawRoutes).
    serverFactory: rawRoutes.serverFactory(limits),
    // Answer 503 to requests arriving while closing, so balancers retry elsewhere.
    return503OnClosing: true,
    genReqId: correlationIdOf,
    clientErrorHandler: (error, socket) => {
      clientErrors(error, socket);
    },
  });
  installCorrelationHooks(adapter.getInstance());
  if (http.HTTP_MAX_CONNECTIONS > 0) adapter.getInstance().server.maxConnections = http.HTTP_MAX_CONNECTIONS;
  // Nest declares its options type as a class; a literal is how its own docs pass it.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  const app = await NestFactory.create<HttpServiceApp>(rootModule(options, config, rawRoutes), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: options.bodyParser ?? true,
  });
  app.useLogger(app.get(Logger));
  if (options.clientErrors) clientErrors = options.clientErrors(app);
  const fastify = app.getHttpAdapter().getInstance();
  rawRoutes.bind(installHttpMetrics(fastify, app.get(Registry)), app.get(Logger));
  fastify.addHook('preClose', (done) => {
    rawRoutes.close();
    done();
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorResponseFilter(app.get(HttpAdapterHost)));
  await options.configure?.(app, config);
  await app.init();
  return app;
}

/**
 * Fastify's and Node's bounds on slow, idle and numerous connections (CONTRACT §8), from HttpEnv.
 * `requestTimeout` and `headersTimeout` are only enforced when Node checks its connections, every
 * `connectionsCheckingInterval` (default 30 s): checked more often so the bounds hold.
 * See https://fastify.dev/docs/latest/Reference/Server/ (`http`, `connectionTimeout`,
 * `keepAliveTimeout`, `maxRequestsPerSocket`, `requestTimeout`) and node:http `createServer`.
 */
export function connectionLimits(http: HttpEnv) {
  const checkEveryMs = Math.min(5000, Math.max(100, Math.floor(http.HTTP_HEADERS_TIMEOUT_MS / 10)));
  return {
    requestTimeout: http.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: http.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: http.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxRequestsPerSocket: http.HTTP_MAX_REQUESTS_PER_SOCKET,
    hotLane: http.HTTP_HOT_LANE,
    http: {
      headersTimeout: http.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: http.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: checkEveryMs,
    },
  };
}
