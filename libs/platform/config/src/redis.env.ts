import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ToInteger } from './env-transforms';

export class RedisEnv {
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  /** Prepended to every key, so several installs or tests can share one Redis. */
  @IsString()
  @MaxLength(64)
  REDIS_KEY_PREFIX = 'cl:';

  /**
   * How long a command may take before it fails (and the caller falls back to the source of
   * truth). Redis is a cache here: a hung or slow Redis must cost this much at most, never a stall.
   */
  @ToInteger()
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(10, { message: 'must be at least 10' })
  @Max(60_000, { message: 'must be at most 60000' })
  REDIS_COMMAND_TIMEOUT_MS = 500;
}
