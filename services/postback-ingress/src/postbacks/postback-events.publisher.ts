import { Inject, Injectable } from '@nestjs/common';
import {
  createEvent,
  eventKey,
  postbackReceivedData,
  postbackRejectedData,
  TOPICS,
  type EventDataOf,
} from '@clickledger/contracts';
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
    return this.publish(
      this.publisher,
      RECEIVED,
      postbackReceivedData(accepted, accepted.postback),
      accepted,
    );
  }

  async rejected(rejected: RejectedPostback): Promise<void> {
    await this.publish(this.rejections, REJECTED, postbackRejectedData(rejected, rejected), rejected);
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
