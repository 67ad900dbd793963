import 'reflect-metadata';
import { bootstrapHttpService } from '@clickledger/platform-http';
import { SOURCE_POSTBACKS_CONFIG, SOURCE_POSTBACKS_DEFAULT_PORT } from './config/source-postbacks-settings';
import { AppModule, SERVICE_NAME } from './app.module';

bootstrapHttpService({
  name: SERVICE_NAME,
  module: AppModule,
  defaultPort: SOURCE_POSTBACKS_DEFAULT_PORT,
  config: SOURCE_POSTBACKS_CONFIG,
}).catch((error: unknown) => {
  // e.g. the schema is not migrated: say so and exit non-zero instead of running without a consumer.
  process.stderr.write(
    `${SERVICE_NAME}: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
