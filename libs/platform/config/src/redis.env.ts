import { IsString, Matches, MaxLength } from 'class-validator';

export class RedisEnv {
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  /** Prepended to every key, so several installs or tests can share one Redis. */
  @IsString()
  @MaxLength(64)
  REDIS_KEY_PREFIX = 'cl:';
}
