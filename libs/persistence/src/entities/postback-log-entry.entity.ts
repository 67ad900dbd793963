import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP_PRECISION } from './timestamps';

/** Known outcomes; the column is free text so a new outcome needs no migration. */
export const POSTBACK_OUTCOMES = ['accepted', 'duplicate', 'rejected', 'status-changed'] as const;
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
@Index('idx_postback_log_click_id', ['clickId'])
@Index('idx_postback_log_received_at_id', ['receivedAt', 'id'])
@Index('idx_postback_log_outcome_reason_received_at', ['outcome', 'reason', 'receivedAt'])
export class PostbackLogEntryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_postback_log' })
  id!: string;

  @Column({ name: 'received_at', type: 'timestamptz', precision: TIMESTAMP_PRECISION })
  receivedAt!: Date;

  /** As received (normalized when valid); null when the postback had none. */
  @Column({ name: 'click_id', type: 'varchar', length: 255, nullable: true })
  clickId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  outcome!: string;

  /** Stable reason code, e.g. `click-not-found`, `unsubstituted-macro`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

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
