import { Injectable } from '@nestjs/common';
import { TOPICS, type CampaignConfigData } from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';

const TOPIC = TOPICS.campaignsConfig.name;

/** Writes a campaign's resolved config to the compacted topic, keyed by campaign key. */
@Injectable()
export class CampaignConfigPublisher {
  constructor(private readonly publisher: EventPublisher) {}

  /**
   * Resolves once the config is durable (acknowledged by Kafka, or spooled while it is down). A
   * campaign that is not active is published as a tombstone, so compaction forgets it and every
   * click service drops its link (404).
   */
  async publish(data: CampaignConfigData): Promise<void> {
    if (data.status === 'active') await this.publisher.publish(TOPIC, data);
    else await this.publisher.tombstone(TOPIC, data);
  }
}
