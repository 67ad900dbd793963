import { ArrayNotEmpty, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ToInteger, ToList } from './env-transforms';

const HOST_PORT_LIST = 'must be a comma-separated list of host:port';

export class KafkaEnv {
  @ToList()
  @ArrayNotEmpty({ message: HOST_PORT_LIST })
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: HOST_PORT_LIST })
  KAFKA_BROKERS!: string[];

  /** Defaults to the service name when unset. */
  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;

  /** Where records wait on local disk while Kafka is unreachable. */
  @IsOptional()
  @IsString()
  KAFKA_SPOOL_DIR?: string;

  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'must be an integer number of bytes' })
  @Min(1024 * 1024, { message: 'must be at least 1048576 (1 MiB)' })
  KAFKA_SPOOL_MAX_BYTES?: number;

  /**
   * How long an idle publisher waits for more events before sending them (ms). 0: only until the
   * requests read in the same event-loop turn are in (the lowest latency; batches still grow while
   * a produce request is in flight).
   */
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(0, { message: 'must be between 0 and 1000' })
  @Max(1000, { message: 'must be between 0 and 1000' })
  KAFKA_LINGER_MS?: number;
}
