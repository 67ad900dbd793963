import type { PostbackLogEntryEntity, PostbackWarning } from '@clickledger/persistence';

export interface PostbackLogEntryView {
  readonly id: string;
  readonly receivedAt: string;
  readonly clickId: string | null;
  readonly outcome: string;
  readonly reason: string | null;
  readonly message: string | null;
  readonly warnings: PostbackWarning[];
  readonly params: Record<string, string>;
  readonly sourceIp: string | null;
  readonly conversionId: string | null;
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
  };
}
