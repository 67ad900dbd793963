import { Inject, Injectable } from '@nestjs/common';
import { createEvent, eventKey, TOPICS, type ClickRecordedData } from '@clickledger/contracts';
import { DurablePublisher } from '@clickledger/platform-kafka';
import { CORRELATION_ID_HEADER } from '@clickledger/platform-observability';
import {
  ClickIdCodec,
  CUSTOM_VARIABLES,
  normalizeDecimalAmount,
  type CustomVariable,
  type OfferUrlValues,
} from '@clickledger/tracking';
import { CampaignCatalog } from '../campaigns/campaign-catalog';
import { ClickEnv } from '../click.env';
import { UserAgentParser } from './user-agent.parser';

const TOPIC = TOPICS.clicksRecorded.name;
const MAX_VALUE_LENGTH = 255;
const MAX_USER_AGENT_LENGTH = 1024;
const MAX_REFERRER_LENGTH = 2048;
const COUNTRY = /^[A-Za-z]{2}$/;

export interface ClickRequest {
  readonly campaignKey: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly ip: string;
  readonly userAgent?: string;
  readonly referrer?: string;
  readonly country?: string;
  readonly correlationId?: string;
}

export type ClickOutcome =
  | {
      readonly found: true;
      readonly location: string;
      readonly clickId: string;
      readonly receipt: 'acked' | 'spooled';
    }
  | { readonly found: false };

/**
 * One visit of a campaign link: pick an offer by weight, mint a click ID, fill the offer URL,
 * and make the click durable before the redirect is answered (CONTRACT §3). The target comes
 * from the campaign config only; the request supplies token values, URL-encoded.
 */
@Injectable()
export class RecordClickService {
  private readonly codec: ClickIdCodec;
  private readonly userAgents = new UserAgentParser();

  constructor(
    @Inject(ClickEnv) env: ClickEnv,
    private readonly catalog: CampaignCatalog,
    private readonly publisher: DurablePublisher,
  ) {
    this.codec = new ClickIdCodec(env.CLICK_ID_SECRETS);
  }

  async record(request: ClickRequest): Promise<ClickOutcome> {
    const campaign = this.catalog.find(request.campaignKey);
    if (!campaign) return { found: false };

    const now = Date.now();
    const clickId = this.codec.generate(now);
    const offer = campaign.offers.pick();
    const source = campaign.trafficSource;
    const externalId = param(request.query, source.externalIdParam);
    const costRaw = param(request.query, source.costParam);
    const cost = costRaw === null ? null : normalizeDecimalAmount(costRaw);
    const vars: Partial<Record<CustomVariable, string>> = {};
    for (const name of CUSTOM_VARIABLES) {
      const value = param(request.query, source.variables[name]);
      if (value !== null) vars[name] = value;
    }
    const device = this.userAgents.parse(request.userAgent);
    const country =
      request.country !== undefined && COUNTRY.test(request.country) ? request.country.toUpperCase() : null;

    const values: OfferUrlValues = {
      clickid: clickId,
      'campaign.id': campaign.campaignId,
      'campaign.key': campaign.campaignKey,
      'offer.id': offer.offerId,
      'affiliatenetwork.id': offer.affiliateNetworkId,
      'trafficsource.id': source.id,
      externalid: externalId,
      cost,
      ...vars,
      device: device.device,
      os: device.os,
      browser: device.browser,
      country,
      timestamp: Math.floor(now / 1000),
    };
    const location = offer.template.render(values);

    const data: ClickRecordedData = {
      clickId,
      campaignId: campaign.campaignId,
      campaignKey: campaign.campaignKey,
      offerId: offer.offerId,
      affiliateNetworkId: offer.affiliateNetworkId,
      trafficSourceId: source.id,
      clickedAt: new Date(now).toISOString(),
      ip: request.ip,
      userAgent: request.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      device: device.device,
      os: device.os,
      browser: device.browser,
      country,
      externalId,
      cost,
      vars,
      referrer: request.referrer?.slice(0, MAX_REFERRER_LENGTH) ?? null,
    };
    const event = createEvent(TOPIC, data, { occurredAt: new Date(now) });
    const receipt = await this.publisher.publish({
      topic: TOPIC,
      key: eventKey(TOPIC, data),
      value: JSON.stringify(event),
      headers:
        request.correlationId === undefined ? undefined : { [CORRELATION_ID_HEADER]: request.correlationId },
    });
    return { found: true, location, clickId, receipt: receipt.status };
  }
}

/** A query parameter named by the traffic source, first value, bounded; null when absent or empty. */
function param(query: Readonly<Record<string, unknown>>, name: string | null | undefined): string | null {
  if (!name) return null;
  const raw = query[name];
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string' || value === '') return null;
  return value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value;
}
