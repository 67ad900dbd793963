import { Inject, Injectable } from '@nestjs/common';
import { postbackReceivedData, postbackRejectedData, TOPICS, type EventDataOf } from '@clickledger/contracts';
import { DurablePublisher, EventPublisher } from '@clickledger/platform-kafka';
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
  private readonly rejections: EventPublisher;

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(REJECTIONS_PUBLISHER) rejections: DurablePublisher,
  ) {
    this.rejections = new EventPublisher(rejections);
  }

  /** Not `async`: an async function returning a promise adds two turns of the microtask queue. */
  accepted(accepted: AcceptedPostback): Promise<'acked' | 'spooled'> {
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
    publisher: EventPublisher,
    topic: T,
    data: EventDataOf<T>,
    base: PostbackBase,
  ): Promise<'acked' | 'spooled'> {
    // The postback id doubles as the event id: a replayed or re-sent event dedupes on it. The
    // instant is the data's own receivedAt, written once.
    const receipt = await publisher.publish(topic, data, {
      id: base.postbackId,
      occurredAt: data.receivedAt,
      correlationId: base.correlationId,
    });
    return receipt.status;
  }
}
