import { Inject, Injectable } from '@nestjs/common';
import type { PostbackEventBase } from '@clickledger/contracts';
import {
  ClickIdCodec,
  cutStorableText,
  parsePostback,
  type IngressRejectionReason,
  type RawPostbackParams,
} from '@clickledger/tracking';
import { ApiEnv } from '../api.env';
import { FeatureNotConfiguredError } from '../common/api.errors';
import { UploadPostbackPublisher } from './postback-events.publisher';
import { uploadPostbackId } from './upload-postback-id';
import type { UploadRow } from './upload-rows';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PARAM_LENGTH = 1024;
const MAX_MESSAGE_LENGTH = 500;

export type UploadRowResult =
  | { readonly line: number; readonly status: 'accepted'; readonly id: string; readonly clickId: string }
  | {
      readonly line: number;
      readonly status: 'rejected';
      readonly reason: IngressRejectionReason | 'malformed-row';
      readonly message: string;
      /** The postback-log entry of the rejection; absent for a line that is not a row at all. */
      readonly id?: string;
    };

export interface UploadResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly rows: readonly UploadRowResult[];
}

/**
 * CONTRACT §7 conversion upload: each row is read by the postback parser the ingress uses and
 * published as the ingress would publish it (accepted → postbacks.received.v1, rejected →
 * postbacks.rejected.v1), so attribution applies the same rules and the postback log shows it.
 * Ids are derived from the row, so a second upload of the same rows is a redelivery: a no-op.
 */
@Injectable()
export class UploadConversionsService {
  private readonly codec: ClickIdCodec | undefined;
  private readonly maxClickAgeMs: number;

  constructor(
    @Inject(ApiEnv) env: ApiEnv,
    private readonly events: UploadPostbackPublisher,
  ) {
    this.codec = env.CLICK_ID_SECRETS ? new ClickIdCodec(env.CLICK_ID_SECRETS) : undefined;
    this.maxClickAgeMs = env.CLICK_ID_MAX_AGE_DAYS * DAY_MS;
  }

  async upload(rows: readonly UploadRow[], sourceIp: string): Promise<UploadResult> {
    const codec = this.codec;
    if (!codec) throw new FeatureNotConfiguredError('CLICK_ID_SECRETS');
    const receivedAt = new Date();
    const results: UploadRowResult[] = [];
    // In file order, one at a time: the durable publisher batches them, and a row's answer
    // names an event that is durable (acknowledged, or spooled while Kafka is away).
    for (const row of rows) {
      if ('error' in row) {
        results.push({ line: row.line, status: 'rejected', reason: 'malformed-row', message: row.error });
        continue;
      }
      const params = storable(row.params);
      const parsed = parsePostback(params, {
        codec,
        nowMs: receivedAt.getTime(),
        maxClickAgeMs: this.maxClickAgeMs,
      });
      if (parsed.ok) {
        const p = parsed.postback;
        const id = uploadPostbackId([
          p.clickId,
          p.eventType,
          p.txid,
          p.originalStatus ?? p.status,
          p.payout,
          p.currency,
        ]);
        const base: PostbackEventBase = { postbackId: id, receivedAt, sourceIp, params, origin: 'upload' };
        await this.events.accepted(base, p);
        results.push({ line: row.line, status: 'accepted', id, clickId: p.clickId });
      } else {
        const { reason, message, clickId, field } = parsed.rejection;
        const id = uploadPostbackId(['rejected', ...Object.entries(params).sort().flat()]);
        const cut = cutStorableText(message, MAX_MESSAGE_LENGTH);
        await this.events.rejected(
          { postbackId: id, receivedAt, sourceIp, params },
          { reason, message: cut, clickId, field },
        );
        results.push({ line: row.line, status: 'rejected', reason, message: cut, id });
      }
    }
    return {
      accepted: results.filter((r) => r.status === 'accepted').length,
      rejected: results.filter((r) => r.status === 'rejected').length,
      rows: results,
    };
  }
}

/** Well-formed and bounded as the postback event's params must be (a JSON line may hold anything). */
function storable(params: RawPostbackParams): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) out[name] = cutStorableText(value, MAX_PARAM_LENGTH);
  }
  return out;
}
