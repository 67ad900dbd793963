import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type EventOf } from '@clickledger/contracts';
import { mustBeIp, mustBeUuid } from '../messages/event-decoder';
import { EventConsumers } from '../messages/event-consumers';
import { RecordClicksService } from './record-clicks.service';

const TOPIC = TOPICS.clicksRecorded.name;

/** `clicks.recorded.v1` → RecordClicksService (Postgres, then the Redis cache). */
@Injectable()
export class ClicksConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly clicks: RecordClicksService,
  ) {}

  onModuleInit(): void {
    // Batched like postbacks (ATTRIBUTION_BATCH_WAIT): at a low rate, a fetch, a transaction and
    // an offset commit per click cost the box more than the rest of the visit. A postback judged
    // before its click is stored waits as pending and is re-driven once the click is (AwaitedClicks).
    this.consumers.add('clicks', TOPIC, storableClick, (batch) =>
      this.clicks.record(batch.map(({ value }) => value.event.data)),
    );
  }
}

/** The catalog ids are uuid columns and the IP an inet one: anything else could never be stored. */
function storableClick({ data }: EventOf<typeof TOPIC>): string | null {
  return (
    mustBeUuid('campaignId', data.campaignId) ??
    mustBeUuid('offerId', data.offerId) ??
    mustBeUuid('affiliateNetworkId', data.affiliateNetworkId) ??
    mustBeUuid('trafficSourceId', data.trafficSourceId) ??
    mustBeIp('ip', data.ip)
  );
}
