import type {
  ConversionStatus,
  PostbackLogEntryEntity,
  PostbackOutcome,
  PostbackWarning,
} from '@clickledger/persistence';

/** What a user sees of a postback: never the internal pending event. */
export interface PostbackLogEntryView {
  readonly id: string;
  readonly receivedAt: string;
  readonly clickId: string | null;
  readonly outcome: PostbackOutcome;
  readonly reason: string | null;
  readonly message: string | null;
  readonly warnings: PostbackWarning[];
  readonly params: Record<string, string>;
  readonly sourceIp: string | null;
  readonly conversionId: string | null;
  /** The conversion revision this postback produced, and the status it set. */
  readonly revision: number | null;
  readonly status: ConversionStatus | null;
  /** The network's own status value, as sent. */
  readonly originalStatus: string | null;
}

export function toPostbackLogEntryView(row: PostbackLogEntryEntity): PostbackLogEntryView {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    clickId: row.clickId,
    outcome: row.outcome,
    reason: row.reason,
    message: row.message,
    warnings: row.warnings,
    params: row.params,
    sourceIp: row.sourceIp,
    conversionId: row.conversionId,
    revision: row.revision,
    status: row.status,
    originalStatus: row.originalStatus,
  };
}
