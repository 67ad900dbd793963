import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DurationMs, ToBoolean, ToInteger } from '@clickledger/platform-config';

/** Settings of the source-postbacks service beyond Kafka, Postgres and HTTP. */
export class SourcePostbacksEnv {
  /**
   * Allow destinations on private, loopback and link-local addresses. Only for development and
   * tests: in production a postback URL could otherwise reach internal services (SSRF).
   */
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  SOURCE_POSTBACK_ALLOW_PRIVATE = false;

  /** Deliveries sent at once by this instance, all hosts together. */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(1024)
  SOURCE_POSTBACK_CONCURRENCY = 64;

  /** Deliveries sent at once to one host: a slow host holds at most this many slots. */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(256)
  SOURCE_POSTBACK_HOST_CONCURRENCY = 4;

  /** Longest wait for the TCP (and TLS) connection. */
  @DurationMs()
  @Min(100, { message: 'must be at least 100ms' })
  @Max(60_000, { message: 'must be at most 60s' })
  SOURCE_POSTBACK_CONNECT_TIMEOUT = 3000;

  /** Longest a whole attempt may take, connection, request and answer included. */
  @DurationMs()
  @Min(100, { message: 'must be at least 100ms' })
  @Max(120_000, { message: 'must be at most 120s' })
  SOURCE_POSTBACK_TIMEOUT = 10_000;

  /** Delay before the first retry (CONTRACT §9: within 15 s); each next delay doubles. */
  @DurationMs()
  @Min(1, { message: 'must be at least 1ms' })
  @Max(15_000, { message: 'must be at most 15s (the first retry comes within 15 s)' })
  SOURCE_POSTBACK_RETRY_INITIAL = 10_000;

  /** Longest delay between two attempts. */
  @DurationMs()
  @Min(1, { message: 'must be at least 1ms' })
  SOURCE_POSTBACK_RETRY_MAX = 3_600_000;

  /** How long a failing delivery is retried before it is `expired`. */
  @DurationMs()
  @Min(1000, { message: 'must be at least 1s' })
  SOURCE_POSTBACK_RETRY_FOR = 24 * 3_600_000;

  /**
   * How long the broker may hold a fetch of attributed conversions to gather a batch (64 KiB)
   * when traffic is low: fewer, larger transactions for a delay this long at most. 0: no wait.
   */
  @DurationMs()
  @Min(0, { message: 'must not be negative' })
  @Max(5000, { message: 'must be at most 5s' })
  SOURCE_POSTBACK_BATCH_WAIT = 100;

  /** How often the scheduler looks for due deliveries when nothing woke it up. */
  @DurationMs()
  @Min(10, { message: 'must be at least 10ms' })
  @Max(60_000, { message: 'must be at most 60s' })
  SOURCE_POSTBACK_POLL_INTERVAL = 1000;

  /** Consecutive failures of one host that open its circuit. */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  SOURCE_POSTBACK_CIRCUIT_FAILURES = 5;

  /** How long an open circuit keeps its host's deliveries waiting before one probe is let through. */
  @DurationMs()
  @Min(10, { message: 'must be at least 10ms' })
  SOURCE_POSTBACK_CIRCUIT_COOLDOWN = 30_000;

  /** Bytes of each answer kept in the delivery log; the rest is not read. */
  @ToInteger()
  @IsInt({ message: 'must be an integer number of bytes' })
  @Min(0)
  @Max(65_536)
  SOURCE_POSTBACK_RESPONSE_EXCERPT_BYTES = 1024;

  /** How long campaign and traffic-source postback settings are cached in memory. */
  @DurationMs()
  @Min(0, { message: 'must not be negative' })
  @Max(300_000, { message: 'must be at most 5m' })
  SOURCE_POSTBACK_CATALOG_CACHE_TTL = 5000;

  /** Consumer group id of this service. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'must be letters, digits, dots, dashes or underscores' })
  SOURCE_POSTBACK_CONSUMER_GROUP = 'source-postbacks';

  /** Serve `/sink` (a local traffic source that answers 200 and remembers requests): development only. */
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  SOURCE_POSTBACK_TEST_SINK = false;
}
