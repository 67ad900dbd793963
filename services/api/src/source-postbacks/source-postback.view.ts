import type { SourcePostbackAttemptEntity, SourcePostbackEntity } from '@clickledger/persistence';

export interface SourcePostbackAttemptView {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly method: string;
  readonly url: string;
  readonly statusCode: number | null;
  /** The first bytes of the answer. */
  readonly response: string | null;
  readonly error: string | null;
  /** delivered, retry, failed or expired. */
  readonly outcome: string;
}

export interface SourcePostbackView {
  readonly id: string;
  readonly conversionId: string;
  readonly revision: number;
  readonly clickId: string;
  readonly campaignId: string;
  readonly trafficSourceId: string;
  readonly conversionStatus: string;
  readonly method: string;
  readonly url: string;
  /** pending, delivered, failed or expired. */
  readonly outcome: string;
  readonly attemptCount: number;
  readonly nextAttemptAt: string | null;
  readonly giveUpAt: string;
  readonly deliveredAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: SourcePostbackAttemptView[];
}

export function toSourcePostbackView(
  row: SourcePostbackEntity,
  attempts: readonly SourcePostbackAttemptEntity[],
): SourcePostbackView {
  return {
    id: row.id,
    conversionId: row.conversionId,
    revision: row.revision,
    clickId: row.clickId,
    campaignId: row.campaignId,
    trafficSourceId: row.trafficSourceId,
    conversionStatus: row.conversionStatus,
    method: row.method,
    url: row.url,
    outcome: row.outcome,
    attemptCount: row.attempts,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    giveUpAt: row.giveUpAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      method: a.method,
      url: a.url,
      statusCode: a.statusCode,
      response: a.responseExcerpt,
      error: a.error,
      outcome: a.outcome,
    })),
  };
}
