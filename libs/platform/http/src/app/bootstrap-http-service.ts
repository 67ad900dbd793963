import { ConfigValidationError, HttpEnv } from '@clickledger/platform-config';
import { Logger } from 'nestjs-pino';
import { createHttpApp, loadServiceConfig } from './http-app.factory';
import type { HttpServiceApp, HttpServiceOptions } from './http-service.options';

/**
 * A service's `main.ts` in one call: validate configuration (on failure print every invalid
 * variable and exit 1), create the app, close it gracefully on SIGTERM/SIGINT (providers flush
 * in their shutdown hooks), listen on HTTP_HOST:HTTP_PORT and log the configuration, secrets redacted.
 * A start that fails (the schema is not migrated, say) prints why and exits 1 rather than running
 * half started.
 */
export async function bootstrapHttpService(options: HttpServiceOptions): Promise<HttpServiceApp> {
  let config;
  try {
    config = loadServiceConfig(options);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${options.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let app: HttpServiceApp;
  try {
    app = await createHttpApp(options, config);
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    const http = config.get(HttpEnv);
    await app.listen(http.HTTP_PORT, http.HTTP_HOST);
  } catch (error) {
    process.stderr.write(
      `${options.name}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  // nestjs-pino reads a trailing string as the context, so the message comes before it.
  app.get(Logger).log({ config: config.describe(), url: await app.getUrl() }, 'listening', 'Bootstrap');
  return app;
}
