import { Injectable } from '@nestjs/common';
import {
  createEvent,
  eventKey,
  postbackReceivedData,
  postbackRejectedData,
  TOPICS,
  type PostbackEventBase,
  type PostbackRejection,
} from '@clickledger/contracts';
import { DurablePublisher } from '@clickledger/platform-kafka';
import type { ParsedPostback } from '@clickledger/tracking';

const RECEIVED = TOPICS.postbacksReceived.name;
const REJECTED = TOPICS.postbacksRejected.name;

/**
 * Postback events from the API (conversion upload), built by the same mapping as the ingress's, so
 * attribution cannot tell an uploaded row from a network's postback except by `origin`.
 */
@Injectable()
export class UploadPostbackPublisher {
  constructor(private readonly publisher: DurablePublisher) {}

  async accepted(base: PostbackEventBase, postback: ParsedPostback): Promise<void> {
    const data = postbackReceivedData(base, postback);
    // The postback id doubles as the event id, as at the ingress.
    const event = createEvent(RECEIVED, data, { id: base.postbackId, occurredAt: base.receivedAt });
    await this.publisher.publish({
      topic: RECEIVED,
      key: eventKey(RECEIVED, data),
      value: JSON.stringify(event),
    });
  }

  async rejected(base: PostbackEventBase, rejection: PostbackRejection): Promise<void> {
    const data = postbackRejectedData(base, rejection);
    const event = createEvent(REJECTED, data, { id: base.postbackId, occurredAt: base.receivedAt });
    await this.publisher.publish({
      topic: REJECTED,
      key: eventKey(REJECTED, data),
      value: JSON.stringify(event),
    });
  }
}
