import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { AppModule, SERVICE_NAME } from './app.module';
import { ATTRIBUTION_CONFIG, ATTRIBUTION_DEFAULT_PORT } from './config/attribution-config';

bootstrapHttpService({
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: ATTRIBUTION_DEFAULT_PORT,
  config: ATTRIBUTION_CONFIG,
}).catch((error: unknown) => {
  // e.g. the schema is not migrated: say so and exit non-zero instead of running without consumers.
  process.stderr.write(
    `${SERVICE_NAME}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
