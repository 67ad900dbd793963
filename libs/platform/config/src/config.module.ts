import { Module, type DynamicModule } from '@nestjs/common';
import { LoadedConfig, loadConfig, type LoadConfigOptions } from './load-config';
import type { EnvClass } from './validate-env';

/**
 * Makes each env class injectable by its own class (`constructor(private redis: RedisEnv)`).
 * Global, so feature modules need not import it.
 */
@Module({})
export class ConfigModule {
  /** Validates now (throws `ConfigValidationError`) and provides the result. */
  static forRoot(envClasses: readonly EnvClass[], options: LoadConfigOptions = {}): DynamicModule {
    return ConfigModule.forConfig(loadConfig(envClasses, options));
  }

  /** Provides configuration that was already loaded (what `bootstrapHttpService` does). */
  static forConfig(config: LoadedConfig): DynamicModule {
    const providers = [
      { provide: LoadedConfig, useValue: config },
      ...config.envClasses.map((envClass) => ({ provide: envClass, useValue: config.get(envClass) })),
    ];
    return {
      module: ConfigModule,
      global: true,
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}
