import { Inject, Injectable } from '@nestjs/common';
import { createEvent, eventKey, TOPICS, type EventDataOf } from '@clickledger/contracts';
import { DurablePublisher } from '@clickledger/platform-kafka';
import { CORRELATION_ID_HEADER } from '@clickledger/platform-observability';
import type { IngressRejectionReason, ParsedPostback, PostbackField } from '@clickledger/tracking';
import { REJECTIONS_PUBLISHER } from './rejections-publisher';

interface PostbackBase {
  readonly postbackId: string;
  readonly receivedAt: Date;
  readonly sourceIp: string;
  readonly params: Record<string, string>;
  readonly correlationId?: string;
}

export interface AcceptedPostback extends PostbackBase {
  readonly postback: ParsedPostback;
}

export interface RejectedPostback extends PostbackBase {
  readonly reason: IngressRejectionReason;
  readonly message: string;
  readonly clickId?: string;
  readonly field?: PostbackField;
}

const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;

/**
 * Turns postbacks into contract events, keyed by click ID, and hands them to a durable publisher:
 * accepted ones to the service's, rejections to their own (a bounded spool of their own).
 */
@Injectable()
export class PostbackEventsPublisher {
  constructor(
    private readonly publisher: DurablePublisher,
    @Inject(REJECTIONS_PUBLISHER) private readonly rejections: DurablePublisher,
  ) {}

  async accepted(accepted: AcceptedPostback): Promise<'acked' | 'spooled'> {
    const { postback } = accepted;
    const data: EventDataOf<typeof RECEIVED> = {
      postbackId: accepted.postbackId,
      clickId: postback.clickId,
      clickedAt: new Date(postback.clickedAtMs).toISOString(),
      params: accepted.params,
      payout: postback.payout ?? null,
      txid: postback.txid ?? null,
      eventType: postback.eventType,
      currency: postback.currency ?? null,
      status: postback.status,
      originalStatus: postback.originalStatus ?? null,
      sourceIp: accepted.sourceIp,
      receivedAt: accepted.receivedAt.toISOString(),
      warnings: postback.warnings.map((warning) => ({ ...warning })),
    };
    return this.publish(this.publisher, RECEIVED, data, accepted);
  }

  async rejected(rejected: RejectedPostback): Promise<void> {
    const data: EventDataOf<typeof REJECTED> = {
      postbackId: rejected.postbackId,
      clickId: rejected.clickId ?? null,
      params: rejected.params,
      reason: rejected.reason,
      message: rejected.message,
      field: rejected.field ?? null,
      sourceIp: rejected.sourceIp,
      receivedAt: rejected.receivedAt.toISOString(),
      warnings: [],
    };
    await this.publish(this.rejections, REJECTED, data, rejected);
  }

  private async publish<T extends typeof RECEIVED | typeof REJECTED>(
    publisher: DurablePublisher,
    topic: T,
    data: EventDataOf<T>,
    base: PostbackBase,
  ): Promise<'acked' | 'spooled'> {
    // The postback id doubles as the event id: a replayed or re-sent event dedupes on it.
    const event = createEvent(topic, data, { id: base.postbackId, occurredAt: base.receivedAt });
    const receipt = await publisher.publish({
      topic,
      key: eventKey(topic, data),
      value: JSON.stringify(event),
      headers: base.correlationId === undefined ? undefined : { [CORRELATION_ID_HEADER]: base.correlationId },
    });
    return receipt.status;
  }
}
