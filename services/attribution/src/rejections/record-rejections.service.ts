import { Injectable } from '@nestjs/common';
import type { PostbackRejectedData } from '@clickledger/contracts';
import { PostbackLogRepository } from '@clickledger/persistence';
import { logWarnings } from '../core/postback-warnings';
import { postgresSafe, postgresSafeRecord } from '../core/postgres-text';
import { AttributionMetrics } from '../common/attribution.metrics';

/** Postbacks the ingress rejected, into the postback log; idempotent by postback id. */
@Injectable()
export class RecordRejectionsService {
  constructor(
    private readonly log: PostbackLogRepository,
    private readonly metrics: AttributionMetrics,
  ) {}

  async record(batch: readonly PostbackRejectedData[]): Promise<void> {
    await this.log.insertMany(
      batch.map((rejection) => {
        return {
          id: rejection.postbackId,
          receivedAt: new Date(rejection.receivedAt),
          clickId: firstText(rejection.clickId, rejection.params.cid),
          outcome: 'rejected',
          reason: rejection.reason,
          message: postgresSafe(rejection.message),
          warnings: logWarnings(rejection.warnings),
          params: postgresSafeRecord(rejection.params),
          sourceIp: rejection.sourceIp,
        };
      }),
    );
    for (const rejection of batch) {
      this.metrics.postback('rejected', rejection.reason, new Date(rejection.receivedAt));
    }
  }
}

/** The verified click ID, else the raw `cid` as sent (bounded to the column); null when neither. */
function firstText(...values: unknown[]): string | null {
  const found = values.find((value): value is string => typeof value === 'string' && value.length > 0);
  return found === undefined ? null : postgresSafe(found.slice(0, 255));
}
