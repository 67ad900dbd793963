import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  decodeEvent,
  eventSchema,
  TOPICS,
  type CampaignConfigData,
  type ClickRecordedData,
} from '@clickledger/contracts';
import { runWithCorrelationId } from '@clickledger/platform-observability';
import type { OutgoingMessage } from '../kafka-message';
import { EventPublisher } from './event.publisher';

const CLICKS = TOPICS.clicksRecorded.name;

const click: ClickRecordedData = {
  clickId: '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
  campaignId: 'c-1',
  campaignKey: 'k3y',
  offerId: 'o-1',
  affiliateNetworkId: 'n-1',
  trafficSourceId: 't-1',
  clickedAt: '2025-01-02T03:04:05.678Z',
  ip: '203.0.113.7',
  userAgent: null,
  device: 'mobile',
  os: 'Android',
  browser: 'Chrome',
  country: null,
  externalId: null,
  cost: null,
  vars: {},
  referrer: null,
};

/** Keeps what would go to Kafka; the DurablePublisher behind it has its own integration specs. */
function recordingPublisher(): { publisher: EventPublisher; sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  const publisher = new EventPublisher({
    deliver: (message, durable) => {
      sent.push(message);
      durable({ status: 'acked' });
    },
  });
  return { publisher, sent };
}

describe('EventPublisher', () => {
  it('sends the contract envelope as JSON, keyed by the topic key rule, that decodes as the topic event', async () => {
    const { publisher, sent } = recordingPublisher();
    const receipt = await publisher.publish(CLICKS, click, {
      id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      occurredAt: new Date('2025-01-02T03:04:05.678Z'),
    });
    expect(receipt.status).toBe('acked');
    const [message] = sent;
    expect(message).toMatchObject({ topic: CLICKS, key: click.clickId, headers: undefined });
    // As a consumer would check it: the contract's JSON Schema, by a standard validator.
    const validate = addFormats(new Ajv2020({ allErrors: true })).compile(eventSchema(CLICKS));
    expect(validate(JSON.parse(String(message.value)))).toBe(true);
    const decoded = decodeEvent(CLICKS, String(message.value));
    if (!decoded.ok) throw new Error(decoded.errors.join('; '));
    expect(decoded.event).toMatchObject({
      type: 'click.recorded',
      version: 1,
      id: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      occurredAt: '2025-01-02T03:04:05.678Z',
      data: { clickId: click.clickId },
    });
  });

  it('carries the correlation id of the work in progress, an explicit one, or none when told', async () => {
    const { publisher, sent } = recordingPublisher();
    await runWithCorrelationId('from-request', async () => {
      await publisher.publish(CLICKS, click);
      await publisher.publish(CLICKS, click, { correlationId: 'explicit' });
      await publisher.publish(CLICKS, click, { correlationId: null });
    });
    await publisher.publish(CLICKS, click);
    expect(sent.map((message) => message.headers?.['x-correlation-id'])).toEqual([
      'from-request',
      'explicit',
      undefined,
      undefined,
    ]);
  });

  it('re-sends a stored envelope unchanged, and tombstones a compacted key', async () => {
    const { publisher, sent } = recordingPublisher();
    await publisher.publish(CLICKS, click, { correlationId: null });
    const stored = JSON.parse(String(sent[0].value)) as Parameters<typeof publisher.publishEvent>[1];
    await publisher.publishEvent(CLICKS, stored, 'kept');
    expect(sent[1]).toEqual({
      topic: CLICKS,
      key: click.clickId,
      value: sent[0].value,
      headers: { 'x-correlation-id': 'kept' },
    });

    const config = { campaignKey: 'paused-one' } as CampaignConfigData;
    await publisher.tombstone(TOPICS.campaignsConfig.name, config);
    expect(sent[2]).toEqual({
      topic: TOPICS.campaignsConfig.name,
      key: 'paused-one',
      value: null,
      headers: undefined,
    });
  });
});
