import { RedisEnv } from '@clickledger/platform-config';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { closeRedisClient, createRedisClient, type RedisClientOptions } from './redis-client.factory';
import { RedisCircuit } from './redis-circuit';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** `constructor(@InjectRedis() private readonly redis: Redis)` */
export const InjectRedis = (): PropertyDecorator & ParameterDecorator => Inject(REDIS_CLIENT);

export interface RedisModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: InjectionToken[];
  readonly useFactory: (...deps: never[]) => RedisClientOptions;
}

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly client: Redis) {}

  // After the app stopped taking requests, so in-flight commands finish first.
  async onApplicationShutdown(): Promise<void> {
    await closeRedisClient(this.client);
  }
}

const errorLogger = new Logger('Redis');
let lastLoggedAt = 0;

/** Connection errors repeat on every reconnect attempt: log at most one every 10 s. */
function logConnectionError(error: Error): void {
  const now = Date.now();
  if (now - lastLoggedAt < 10_000) return;
  lastLoggedAt = now;
  errorLogger.warn(`Redis connection error: ${error.message}`);
}

/**
 * Provides one shared ioredis client as `REDIS_CLIENT` and its `RedisCircuit` (both global), and
 * closes the client on shutdown.
 */
@Module({})
export class RedisModule {
  static forRoot(options: RedisClientOptions): DynamicModule {
    return RedisModule.forRootAsync({ useFactory: () => options });
  }

  /** From the injected `RedisEnv` (REDIS_URL, REDIS_KEY_PREFIX, REDIS_COMMAND_TIMEOUT_MS). */
  static fromEnv(connectionName?: string): DynamicModule {
    return RedisModule.forRootAsync({
      inject: [RedisEnv],
      useFactory: (env: RedisEnv) => ({
        url: env.REDIS_URL,
        keyPrefix: env.REDIS_KEY_PREFIX,
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        connectionName,
      }),
    });
  }

  static forRootAsync(options: RedisModuleAsyncOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: options.inject ?? [],
          useFactory: (...deps: never[]) =>
            createRedisClient({ onError: logConnectionError, ...options.useFactory(...deps) }),
        },
        // One per client: every caller skips Redis for a moment after any of them saw it fail.
        { provide: RedisCircuit, useFactory: () => new RedisCircuit() },
        RedisClientCloser,
      ],
      exports: [REDIS_CLIENT, RedisCircuit],
    };
  }
}
