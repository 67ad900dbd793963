import { Injectable } from '@nestjs/common';
import {
  postbackReceivedData,
  postbackRejectedData,
  TOPICS,
  type PostbackEventBase,
  type PostbackRejection,
} from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';
import type { ParsedPostback } from '@clickledger/tracking';

const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;

/**
 * Postback events from the API (conversion upload), built by the same mapping as the ingress's, so
 * attribution cannot tell an uploaded row from a network's postback except by `origin`.
 */
@Injectable()
export class UploadPostbackPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  async accepted(base: PostbackEventBase, postback: ParsedPostback): Promise<void> {
    // The postback id doubles as the event id, as at the ingress.
    await this.publisher.publish(RECEIVED, postbackReceivedData(base, postback), {
      id: base.postbackId,
      occurredAt: base.receivedAt,
    });
  }

  async rejected(base: PostbackEventBase, rejection: PostbackRejection): Promise<void> {
    await this.publisher.publish(REJECTED, postbackRejectedData(base, rejection), {
      id: base.postbackId,
      occurredAt: base.receivedAt,
    });
  }
}
