import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DurationMs, ToInteger } from '@clickledger/platform-config';

/** Settings of the attribution service beyond Kafka, Postgres, Redis and HTTP. */
export class AttributionEnv {
  /** How long a click stays in the Redis cache (a miss falls back to Postgres). */
  @DurationMs()
  @Min(1000, { message: 'must be at least 1s' })
  ATTRIBUTION_CLICK_CACHE_TTL = 48 * 3_600_000;

  /** How long a postback whose click is unknown keeps being retried before `click-not-found`. */
  @DurationMs()
  @Min(0, { message: 'must not be negative' })
  ATTRIBUTION_MAX_WAIT = 15 * 60_000;

  /**
   * How long the broker may hold a fetch of clicks, postbacks and rejections to gather a batch
   * (64 KiB) when traffic is low: fewer, larger transactions for a delay this long at most. 0: no
   * wait. A postback judged before its click is stored waits as pending and is re-driven as soon
   * as this process stores the click.
   */
  @DurationMs()
  @Min(0, { message: 'must not be negative' })
  @Max(5000, { message: 'must be at most 5s' })
  ATTRIBUTION_BATCH_WAIT = 100;

  /** How often pending (early) postbacks are looked at again. */
  @DurationMs()
  @Min(50, { message: 'must be at least 50ms' })
  ATTRIBUTION_PENDING_SCAN_INTERVAL = 2000;

  /** How long offers and affiliate networks are cached in memory (they change rarely). */
  @DurationMs()
  @Min(0, { message: 'must not be negative' })
  @Max(300_000, { message: 'must be at most 5m' })
  ATTRIBUTION_CATALOG_CACHE_TTL = 10_000;

  /** Prefix of the consumer group ids: `<prefix>.clicks`, `<prefix>.postbacks`, `<prefix>.postbacks-rejected`. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'must be letters, digits, dots, dashes or underscores' })
  ATTRIBUTION_CONSUMER_GROUP = 'attribution';

  /** Partitions each consumer handles at once; more than one overlaps Postgres and Kafka waits. */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(64)
  ATTRIBUTION_PARTITIONS_CONCURRENCY = 3;

  /**
   * Members each consumer group has in this process, each with its own fetches (and
   * ATTRIBUTION_PARTITIONS_CONCURRENCY partitions at once): kafkajs fetches again only once every
   * batch of its last fetch is written, so with one member Postgres idles while a fetch travels and
   * decodes, and the CPU while the last transaction commits. Two overlap them (issue 19).
   */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(16)
  ATTRIBUTION_CONSUMER_MEMBERS = 2;

  /**
   * The most a fetch brings of one partition, in bytes (kafkajs's maxBytesPerPartition, 1 MiB by
   * default): a partition's batch is one transaction, and under load larger ones kept the box
   * busier for less Postgres work per postback (issue 19, docs/performance-history.md). A record
   * batch larger than this still comes whole.
   */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(64 * 1024, { message: 'must be at least 65536 (64 KiB)' })
  @Max(64 * 1024 * 1024, { message: 'must be at most 67108864 (64 MiB)' })
  ATTRIBUTION_FETCH_BYTES_PER_PARTITION = 2 * 1024 * 1024;

  /**
   * The partitions' batches of one fetch holding at most this many messages in all are written in
   * one transaction, with one offset commit (kafkajs hands each partition over on its own): at a
   * low rate, one transaction per fetch instead of one per partition. Larger batches (under load)
   * are written side by side as before. 0: every partition's batch on its own.
   */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(100_000)
  ATTRIBUTION_GATHER_UP_TO = 500;

  /**
   * Batches too large to gather (under load, every partition's) that each consumer member writes
   * at once; the others wait their turn. One per member took the box's CPU per postback under load
   * from 92 µs to 84 in the median against three, mostly Postgres's (39 to 33): fewer transactions
   * on the same index pages at once, and fewer batches alive in the process (issue 19, docs/slo.md).
   */
  @ToInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(64)
  ATTRIBUTION_LARGE_BATCHES_AT_ONCE = 1;

  /**
   * How long the group waits for a silent member before giving its partitions to others: after a
   * crash, partitions stay unconsumed this long.
   */
  @DurationMs()
  @Min(6000, { message: 'must be at least 6s (the broker minimum)' })
  @Max(300_000, { message: 'must be at most 5m' })
  ATTRIBUTION_CONSUMER_SESSION_TIMEOUT = 10_000;
}
