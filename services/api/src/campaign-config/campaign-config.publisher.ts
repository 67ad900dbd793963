import { Injectable } from '@nestjs/common';
import { createEvent, eventKey, TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { DurablePublisher } from '@clickledger/platform-kafka';
import { CORRELATION_ID_HEADER, currentCorrelationId } from '@clickledger/platform-observability';

const TOPIC = TOPICS.campaignsConfig.name;

/** Writes a campaign's resolved config to the compacted topic, keyed by campaign key. */
@Injectable()
export class CampaignConfigPublisher {
  constructor(private readonly publisher: DurablePublisher) {}

  /**
   * Resolves once the config is durable (acknowledged by Kafka, or spooled while it is down). A
   * campaign that is not active is published as a tombstone, so compaction forgets it and every
   * click service drops its link (404).
   */
  async publish(data: CampaignConfigData): Promise<void> {
    const correlationId = currentCorrelationId();
    await this.publisher.publish({
      topic: TOPIC,
      key: eventKey(TOPIC, data),
      value: data.status === 'active' ? JSON.stringify(createEvent(TOPIC, data)) : null,
      headers: correlationId === undefined ? undefined : { [CORRELATION_ID_HEADER]: correlationId },
    });
  }
}
