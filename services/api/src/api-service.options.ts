import { RequestMethod } from '@nestjs/common';
import { DatabaseSchemaEnv, KafkaEnv, PostgresEnv, type LoadedConfig } from '@clickledger/platform-config';
import type { HttpServiceApp, HttpServiceOptions } from '@clickledger/platform-http';
import { ApiEnv, ReportCurrencyEnv } from './api.env';
import { AppModule, SERVICE_NAME } from './app.module';
import { WellFormedInputInterceptor } from './common/well-formed-input.interceptor';
import { installUploadBodyParser } from './conversion-upload/upload-body';
import { installOpenApi } from './openapi';
import { defaultDashboardDir, serveDashboard } from './web/dashboard-static';
import { installSecurityHeaders } from './web/security-headers';

export const API_DEFAULT_PORT = 8082;

/**
 * Catalog routes live under `/api`; probes and metrics stay where every service has them; the
 * dashboard is at `/` and the API's documentation at `/api/docs`.
 */
function configureApi(app: HttpServiceApp, config: LoadedConfig): void {
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalInterceptors(new WellFormedInputInterceptor());
  const fastify = app.getHttpAdapter().getInstance();
  installUploadBodyParser(fastify);
  installSecurityHeaders(fastify);
  installOpenApi(app);
  serveDashboard(app, config.get(ApiEnv).DASHBOARD_DIR ?? defaultDashboardDir());
}

/** How `main.ts` builds the API; tests pass their own `env` and log destination. */
export function apiServiceOptions(overrides: Partial<HttpServiceOptions> = {}): HttpServiceOptions {
  return {
    name: SERVICE_NAME,
    module: AppModule,
    defaultPort: API_DEFAULT_PORT,
    config: [PostgresEnv, DatabaseSchemaEnv, KafkaEnv, ApiEnv, ReportCurrencyEnv],
    configure: configureApi,
    ...overrides,
  };
}
