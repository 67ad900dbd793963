import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped, TIMESTAMP_PRECISION } from './timestamps';

/**
 * Outcome of a traffic-source postback delivery (CONTRACT §9): `pending` until it is delivered
 * (`2xx`/`3xx`), refused for good (`failed`: a `4xx` other than `429`, a destination that is not
 * public, a URL that cannot be sent) or out of retry time (`expired`).
 */
export const SOURCE_POSTBACK_OUTCOMES = ['pending', 'delivered', 'failed', 'expired'] as const;
export type SourcePostbackOutcome = (typeof SOURCE_POSTBACK_OUTCOMES)[number];

/** What one attempt led to; `retry` means another attempt is scheduled. */
export const SOURCE_POSTBACK_ATTEMPT_OUTCOMES = ['delivered', 'retry', 'failed', 'expired'] as const;
export type SourcePostbackAttemptOutcome = (typeof SOURCE_POSTBACK_ATTEMPT_OUTCOMES)[number];

/**
 * One notification of a traffic source: at most one row per (conversion, revision, URL), whatever
 * Kafka redelivers (the URL by its SHA-256, so the unique key stays small for long URLs). The row
 * is also the retry schedule: `next_attempt_at` is when a sender may (re)try it.
 */
@Entity({ name: 'source_postbacks' })
@Index('uq_source_postbacks_identity', ['conversionId', 'revision', 'urlHash'], { unique: true })
@Index('idx_source_postbacks_due', ['outcome', 'nextAttemptAt'])
@Index('idx_source_postbacks_created_at_id', ['createdAt', 'id'])
@Index('idx_source_postbacks_traffic_source_id_created_at', ['trafficSourceId', 'createdAt'])
export class SourcePostbackEntity extends Timestamped {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_source_postbacks' })
  id!: string;

  @Column({ name: 'conversion_id', type: 'uuid' })
  conversionId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'click_id', type: 'char', length: 26 })
  clickId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'traffic_source_id', type: 'uuid' })
  trafficSourceId!: string;

  /** The conversion's status in this revision (approved, pending, declined). */
  @Column({ name: 'conversion_status', type: 'varchar', length: 16 })
  conversionStatus!: string;

  @Column({ type: 'varchar', length: 4 })
  method!: string;

  /** The rendered URL (POST: its query string is sent as the form body). */
  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'url_hash', type: 'char', length: 64 })
  urlHash!: string;

  /** host[:port], lower-case: the unit of per-destination concurrency and circuit breaking. */
  @Column({ type: 'varchar', length: 255 })
  host!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  /** Attempts started so far (a crash between start and record still counts one). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the next attempt may start; null once the outcome is final. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  nextAttemptAt!: Date | null;

  /** No retry is scheduled after this time: the outcome becomes `expired`. */
  @Column({ name: 'give_up_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  giveUpAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION, nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

/** One HTTP attempt of a delivery, as the delivery log shows it. */
@Entity({ name: 'source_postback_attempts' })
@Index('uq_source_postback_attempts_delivery_attempt', ['deliveryId', 'attempt'], { unique: true })
export class SourcePostbackAttemptEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_source_postback_attempts' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @ManyToOne(() => SourcePostbackEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_source_postback_attempts_delivery' })
  delivery?: SourcePostbackEntity;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'varchar', length: 4 })
  method!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  /** The first bytes of the answer (bounded), as text. */
  @Column({ name: 'response_excerpt', type: 'text', nullable: true })
  responseExcerpt!: string | null;

  /** Network error, timeout, refusal (e.g. a private destination). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;
}
