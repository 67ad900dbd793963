import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CONVERSION_STATUSES, type ConversionStatus } from './conversion.entity';
import { TIMESTAMP_PRECISION } from './timestamps';

/**
 * Every outcome a postback log entry can have, the one list for writers and readers: `pending`
 * waits for its click (reason `awaiting-click`) and is the only one that ever changes.
 */
export const POSTBACK_OUTCOMES = ['accepted', 'status-changed', 'duplicate', 'rejected', 'pending'] as const;
export type PostbackOutcome = (typeof POSTBACK_OUTCOMES)[number];

/** A note attached to an accepted postback, e.g. a placeholder payout treated as absent. */
export interface PostbackWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * Every postback, accepted or not, with why: answers "why was this conversion not counted?".
 * The ID is the ingress's postback ID, so re-processing a postback writes nothing new.
 */
@Entity({ name: 'postback_log' })
// A hash index (migration 1795469400000): TypeORM neither writes nor compares an index's method.
@Index('idx_postback_log_click_id', ['clickId'])
@Index('idx_postback_log_received_at_id', ['receivedAt', 'id'])
// Postbacks not accepted only (migration 1795469300000): accepted ones are listed by time.
@Index('idx_postback_log_outcome_reason_received_at', ['outcome', 'reason', 'receivedAt'], {
  where: `outcome <> 'accepted'`,
})
export class PostbackLogEntryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_postback_log' })
  id!: string;

  @Column({ name: 'received_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  receivedAt!: Date;

  /** As received (normalized when valid); null when the postback had none. */
  @Column({ name: 'click_id', type: 'varchar', length: 255, nullable: true })
  clickId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  outcome!: PostbackOutcome;

  /** Stable reason code, e.g. `click-not-found`, `unsubstituted-macro`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: string | null;

  /** Human text saying why; never a data channel. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** The conversion revision this postback produced (accepted or status-changed). */
  @Column({ type: 'integer', nullable: true })
  revision!: number | null;

  /** The status this postback gave its conversion, after the network's statusMap. */
  @Column({ type: 'enum', enum: CONVERSION_STATUSES, enumName: 'conversion_status', nullable: true })
  status!: ConversionStatus | null;

  /** The network's own status value, as sent. */
  @Column({ name: 'original_status', type: 'varchar', length: 64, nullable: true })
  originalStatus!: string | null;

  /**
   * While `pending`: the `postbacks.received.v1` event, kept so the retry needs only Postgres.
   * Internal; never shown by the API.
   */
  @Column({ name: 'pending_event', type: 'jsonb', nullable: true })
  pendingEvent!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings!: PostbackWarning[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params!: Record<string, string>;

  @Column({ name: 'source_ip', type: 'inet', nullable: true })
  sourceIp!: string | null;

  @Column({ name: 'conversion_id', type: 'uuid', nullable: true })
  conversionId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION, default: () => 'now()' })
  createdAt!: Date;
}
