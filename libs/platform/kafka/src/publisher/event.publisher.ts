import {
  createEvent,
  encodeEvent,
  eventKey,
  type EnvelopeOptions,
  type EventDataOf,
  type EventOf,
  type EventTopic,
} from '@clickledger/contracts';
import { CORRELATION_ID_HEADER, correlationHeaders } from '@clickledger/platform-observability';
import type { HeaderValue, OutgoingMessage, PublishReceipt } from '../kafka-message';

/** What carries messages to Kafka durably: a DurablePublisher (or anything publishing as it does). */
export interface MessageSink {
  /** `durable` once the message is acknowledged or spooled, else `failed` (see DurablePublisher.deliver). */
  deliver(
    message: OutgoingMessage,
    durable: (receipt: PublishReceipt) => void,
    failed: (error: unknown) => void,
  ): void;
}

export interface PublishOptions extends EnvelopeOptions {
  /**
   * Sent as the `x-correlation-id` header. Default (undefined): the id of the work in progress
   * (the HTTP request or consumed batch), so a caller inside one passes nothing. null: no header,
   * for an event of a batch whose own message carried none.
   */
  readonly correlationId?: string | null;
}

/**
 * The one way services put contract events on Kafka, typed by the EventMap: `publish(topic, data)`
 * builds the envelope (the topic's type and version, an id, occurredAt), takes the key from the
 * topic's key rule, serialises it and attaches the correlation header. Durability is the sink's:
 * each promise resolves once its message is acknowledged (acks=all) or spooled.
 */
export class EventPublisher {
  constructor(private readonly sink: MessageSink) {}

  publish<T extends EventTopic>(
    topic: T,
    data: EventDataOf<T>,
    options: PublishOptions = {},
  ): Promise<PublishReceipt> {
    return this.sent(eventMessage(topic, data, options));
  }

  /**
   * As publish, without a promise: `durable` or `failed` is called once (see
   * DurablePublisher.deliver), for a hot path that answers from the callback.
   */
  deliver<T extends EventTopic>(
    topic: T,
    data: EventDataOf<T>,
    options: PublishOptions,
    durable: (receipt: PublishReceipt) => void,
    failed: (error: unknown) => void,
  ): void {
    this.sink.deliver(eventMessage(topic, data, options), durable, failed);
  }

  /** An envelope made earlier, sent again unchanged (same id, so consumers see the same event). */
  publishEvent<T extends EventTopic>(
    topic: T,
    event: EventOf<T>,
    correlationId?: string | null,
  ): Promise<PublishReceipt> {
    return this.sent(envelopeMessage(topic, event, correlationId));
  }

  /** Resolves once `message` is durable: the sink's callbacks as a promise. */
  private sent(message: OutgoingMessage): Promise<PublishReceipt> {
    return new Promise<PublishReceipt>((resolve, reject) => {
      this.sink.deliver(message, resolve, reject);
    });
  }

  /** Removes the key `data` maps to from a compacted topic (a paused campaign's config). */
  tombstone<T extends EventTopic>(
    topic: T,
    data: EventDataOf<T>,
    correlationId?: string | null,
  ): Promise<PublishReceipt> {
    return this.sent({
      topic,
      key: eventKey(topic, data),
      value: null,
      headers: headersFor(correlationId),
    });
  }
}

/** The Kafka message of a new event on `topic`: what EventPublisher sends (tests send it too). */
export function eventMessage<T extends EventTopic>(
  topic: T,
  data: EventDataOf<T>,
  options: PublishOptions = {},
): OutgoingMessage {
  return envelopeMessage(topic, createEvent(topic, data, options), options.correlationId);
}

/** The Kafka message carrying `event`: keyed by the topic's key rule, JSON, correlation header. */
export function envelopeMessage<T extends EventTopic>(
  topic: T,
  event: EventOf<T>,
  correlationId?: string | null,
): OutgoingMessage {
  return {
    topic,
    key: eventKey(topic, event.data),
    value: encodeEvent(topic, event),
    headers: headersFor(correlationId),
  };
}

/** Undefined rather than `{}` when there is no id: no headers at all on the message. */
function headersFor(correlationId: string | null | undefined): Record<string, HeaderValue> | undefined {
  if (correlationId === null) return undefined;
  if (correlationId !== undefined) return { [CORRELATION_ID_HEADER]: correlationId };
  const headers = correlationHeaders();
  return CORRELATION_ID_HEADER in headers ? headers : undefined;
}
