import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ClickIdSecretsEnv, Secret, ToInteger } from '@clickledger/platform-config';

/** Settings of the postback ingress beyond Kafka and HTTP; CLICK_ID_SECRETS verify click IDs. */
export class IngressEnv extends ClickIdSecretsEnv {
  /** When set, every postback must carry `key=<this value>`; compared in constant time. */
  @Secret()
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  POSTBACK_KEY?: string;

  /** Click IDs older than this are rejected as `click-id-expired` (the longest attribution window). */
  @ToInteger()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1' })
  @Max(3650, { message: 'must be at most 3650' })
  CLICK_ID_MAX_AGE_DAYS = 90;

  /**
   * Bound of the rejections' own spool (`<KAFKA_SPOOL_DIR>/rejections`) while Kafka is unreachable;
   * past it rejections are answered 503, accepted postbacks are unaffected.
   */
  @ToInteger()
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(1024 * 1024, { message: 'must be at least 1048576 (1 MiB)' })
  POSTBACK_REJECTION_SPOOL_MAX_BYTES = 64 * 1024 * 1024;
}
