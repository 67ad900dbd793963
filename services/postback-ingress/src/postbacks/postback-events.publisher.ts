import { Inject, Injectable } from '@nestjs/common';
import { postbackReceivedData, postbackRejectedData, TOPICS } from '@clickledger/contracts';
import { DurablePublisher, EventPublisher, type PublishOptions } from '@clickledger/platform-kafka';
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

  /**
   * `durable` once the accepted postback's event is acknowledged or spooled, else `failed`.
   * Callbacks, not a promise: the ingress answers from them (see RawRoute.answer).
   */
  accepted(
    accepted: AcceptedPostback,
    durable: (receipt: 'acked' | 'spooled') => void,
    failed: (error: unknown) => void,
  ): void {
    const data = postbackReceivedData(accepted, accepted.postback);
    this.publisher.deliver(
      RECEIVED,
      data,
      eventOptions(accepted, data.receivedAt),
      (receipt) => {
        durable(receipt.status);
      },
      failed,
    );
  }

  async rejected(rejected: RejectedPostback): Promise<void> {
    const data = postbackRejectedData(rejected, rejected);
    await this.rejections.publish(REJECTED, data, eventOptions(rejected, data.receivedAt));
  }
}

/**
 * The postback id doubles as the event id: a replayed or re-sent event dedupes on it. The instant
 * is the data's own receivedAt, written once.
 */
function eventOptions(base: PostbackBase, receivedAt: string): PublishOptions {
  return { id: base.postbackId, occurredAt: receivedAt, correlationId: base.correlationId };
}
