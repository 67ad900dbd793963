import {
  isoInstant,
  type IngressRejectionReason,
  type ParsedPostback,
  type PostbackField,
} from '@clickledger/tracking';
import type { PostbackOrigin, PostbackReceivedData } from './postback-received.event';
import type { PostbackRejectedData } from './postback-rejected.event';

/** What every postback event carries besides its outcome. */
export interface PostbackEventBase {
  readonly postbackId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  /** Raw parameters, already made loggable (bounded, well-formed). */
  readonly params: Record<string, string>;
  readonly origin?: PostbackOrigin;
}

export interface PostbackRejection {
  readonly reason: IngressRejectionReason;
  readonly message: string;
  readonly clickId?: string;
  readonly field?: PostbackField;
}

/**
 * The accepted event's data for a parsed postback: one mapping for the ingress and the API's
 * conversion upload, so an uploaded row is exactly the event a network's request would have made.
 */
export function postbackReceivedData(
  base: PostbackEventBase,
  postback: ParsedPostback,
): PostbackReceivedData {
  return {
    postbackId: base.postbackId,
    clickId: postback.clickId,
    clickedAt: isoInstant(postback.clickedAtMs),
    params: base.params,
    payout: postback.payout ?? null,
    txid: postback.txid ?? null,
    eventType: postback.eventType,
    currency: postback.currency ?? null,
    status: postback.status,
    originalStatus: postback.originalStatus ?? null,
    sourceIp: base.sourceIp,
    receivedAt: isoInstant(base.receivedAt.getTime()),
    warnings: postback.warnings.map((warning) => ({ ...warning })),
    ...(base.origin !== undefined && { origin: base.origin }),
  };
}

/** The rejected event's data (ingress and upload alike). */
export function postbackRejectedData(
  base: PostbackEventBase,
  rejection: PostbackRejection,
): PostbackRejectedData {
  return {
    postbackId: base.postbackId,
    clickId: rejection.clickId ?? null,
    params: base.params,
    reason: rejection.reason,
    message: rejection.message,
    field: rejection.field ?? null,
    sourceIp: base.sourceIp,
    receivedAt: isoInstant(base.receivedAt.getTime()),
    warnings: [],
  };
}
