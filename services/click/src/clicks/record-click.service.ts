import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type ClickRecordedData } from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';
import {
  ClickIdCodec,
  isoInstant,
  normalizeDecimalAmount,
  type OfferUrlValues,
  ownStorableText,
  verifyTestClickToken,
} from '@clickledger/tracking';
import { CampaignCatalog } from '../campaigns/campaign-catalog';
import { ClickEnv } from '../click.env';
import { ClickNotDurableError } from './click-not-durable.error';
import { GEOIP_LOOKUP, type GeoIpLookup } from './geoip';
import type { LinkQuery } from './link-query';
import { UserAgentParser } from './user-agent.parser';

const TOPIC = TOPICS.clicksRecorded.name;
const MAX_USER_AGENT_LENGTH = 1024;
const MAX_REFERRER_LENGTH = 2048;
const COUNTRY = /^[A-Za-z]{2}$/;

export interface ClickRequest {
  readonly campaignKey: string;
  /** The link's query: its raw text (the raw entry) or what Fastify parsed (see LinkQuery). */
  readonly query: LinkQuery;
  /** Already resolved (ClientIpResolver): always an IP address (`0.0.0.0` when unknown). */
  readonly ip: string;
  readonly userAgent?: string;
  readonly referrer?: string;
  /** From the configured country header (CLICK_COUNTRY_HEADER): wins over GeoIP when valid. */
  readonly country?: string;
  readonly correlationId?: string;
  /** TEST_CLICK_HEADER: a test click when it verifies (made by the API's test-postback tool). */
  readonly testToken?: string;
}

/** `record` makes the click durable; `preview` (HEAD) answers the same redirect and records nothing. */
export type ClickMode = 'record' | 'preview';

export type ClickOutcome =
  | {
      readonly found: true;
      readonly location: string;
      readonly clickId: string;
      /** `preview`: nothing was published. */
      readonly receipt: 'acked' | 'spooled' | 'none';
      /** A verified test click (the API's test-postback tool): its caller is told the click ID. */
      readonly test?: boolean;
    }
  | { readonly found: false }
  /** No campaign configuration yet (Kafka unreachable at start and no local copy): try again later. */
  | { readonly found: 'unknown' };

const NOT_FOUND: ClickOutcome = { found: false };
const NOT_LOADED: ClickOutcome = { found: 'unknown' };

/**
 * One visit of a campaign link: pick an offer by weight, mint a click ID, fill the offer URL,
 * and make the click durable before the redirect is answered (CONTRACT §3). The target comes
 * from the campaign config only; the request supplies token values, URL-encoded.
 */
@Injectable()
export class RecordClickService {
  private readonly codec: ClickIdCodec;
  private readonly secrets: readonly string[];
  private readonly userAgents = new UserAgentParser();

  constructor(
    @Inject(ClickEnv) env: ClickEnv,
    private readonly catalog: CampaignCatalog,
    private readonly publisher: EventPublisher,
    @Inject(GEOIP_LOOKUP) private readonly geoIp: GeoIpLookup | null,
  ) {
    this.codec = new ClickIdCodec(env.CLICK_ID_SECRETS);
    this.secrets = env.CLICK_ID_SECRETS;
  }

  /** Rejects with ClickNotDurableError when the click can be neither acknowledged nor spooled. */
  record(request: ClickRequest, mode: ClickMode = 'record'): Promise<ClickOutcome> {
    return new Promise<ClickOutcome>((resolve, reject) => {
      this.recordThen(request, mode, resolve, reject);
    });
  }

  /**
   * As record, through callbacks (the redirect answers from them, without a promise per click):
   * `done` with the outcome once the click is durable (at once when nothing is published), or
   * `failed` with a ClickNotDurableError. Anything else that fails is thrown.
   */
  recordThen(
    request: ClickRequest,
    mode: ClickMode,
    done: (outcome: ClickOutcome) => void,
    failed: (error: ClickNotDurableError) => void,
  ): void {
    const campaign = this.catalog.find(request.campaignKey);
    if (!campaign) {
      done(this.catalog.loaded ? NOT_FOUND : NOT_LOADED);
      return;
    }

    const now = Date.now();
    const clickId = this.codec.generate(now);
    const offer = campaign.offers.pick();
    const source = campaign.trafficSource;
    const { externalId, cost: costRaw, vars } = campaign.parameters.read(request.query);
    const cost = costRaw === null ? null : normalizeDecimalAmount(costRaw);
    const device = this.userAgents.parse(request.userAgent);
    const country =
      request.country !== undefined && COUNTRY.test(request.country)
        ? request.country.toUpperCase()
        : (this.geoIp?.country(request.ip) ?? null);

    const values: OfferUrlValues = {
      clickid: clickId,
      'campaign.id': campaign.campaignId,
      'campaign.key': campaign.campaignKey,
      'offer.id': offer.offerId,
      'affiliatenetwork.id': offer.affiliateNetworkId,
      'trafficsource.id': source.id,
      externalid: externalId,
      cost,
      device: device.device,
      os: device.os,
      browser: device.browser,
      country,
      timestamp: Math.floor(now / 1000),
      // Spread last: V8 defines each property written after a spread one by one, through its
      // runtime (half a microsecond of every redirect when the variables came in the middle).
      ...vars,
    };
    const location = offer.template.render(values);
    const test =
      request.testToken !== undefined &&
      verifyTestClickToken(this.secrets, campaign.campaignKey, request.testToken, now);
    if (mode === 'preview') {
      done({ found: true, location, clickId, receipt: 'none' });
      return;
    }

    // One instant, written once: the click's time and its event's.
    const clickedAt = isoInstant(now);
    const data: ClickRecordedData = {
      clickId,
      campaignId: campaign.campaignId,
      campaignKey: campaign.campaignKey,
      offerId: offer.offerId,
      affiliateNetworkId: offer.affiliateNetworkId,
      trafficSourceId: source.id,
      clickedAt,
      ip: request.ip,
      userAgent:
        request.userAgent === undefined ? null : ownStorableText(request.userAgent, MAX_USER_AGENT_LENGTH),
      device: device.device,
      os: device.os,
      browser: device.browser,
      country,
      externalId,
      cost,
      vars,
      referrer:
        request.referrer === undefined ? null : ownStorableText(request.referrer, MAX_REFERRER_LENGTH),
      // Only when true: events of ordinary clicks stay as they were (both fields are optional).
      ...(device.bot && { bot: true }),
      ...(test && { test: true }),
    };
    const notDurable = (error: unknown): void => {
      failed(new ClickNotDurableError(error));
    };
    try {
      this.publisher.deliver(
        TOPIC,
        data,
        { occurredAt: clickedAt, correlationId: request.correlationId },
        (receipt) => {
          done({ found: true, location, clickId, receipt: receipt.status, test });
        },
        notDurable,
      );
    } catch (error) {
      // As when the publish fails later: the visitor is told to come back (503), nothing recorded.
      notDurable(error);
    }
  }
}
