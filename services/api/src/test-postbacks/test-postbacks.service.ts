import { Inject, Injectable } from '@nestjs/common';
import {
  AffiliateNetworkRepository,
  CampaignRepository,
  ClickRepository,
  ConversionRepository,
  PostbackLogRepository,
  SourcePostbackRepository,
  TrafficSourceRepository,
  type CampaignEntity,
  type ClickEntity,
} from '@clickledger/persistence';
import {
  buildPostbackUrl,
  parseClickId,
  signTestClickToken,
  TEST_CLICK_HEADER,
  TEST_CLICK_ID_HEADER,
} from '@clickledger/tracking';
import { effectiveMacros } from '../affiliate-networks/network-settings';
import { ApiEnv } from '../api.env';
import { FeatureNotConfiguredError, ResourceNotFoundError } from '../common/api.errors';
import { toConversionView } from '../conversions/conversion.view';
import { toPostbackLogEntryView } from '../postback-log/postback-log-entry.view';
import { toSourcePostbackView } from '../source-postbacks/source-postback.view';
import type { TestPostbackDto } from './test-postback.dto';
import type { HttpStepView, TestPostbackResultView } from './test-postback.view';

const HTTP_TIMEOUT_MS = 5000;
/** How long each later step is waited for: attribution normally takes well under a second. */
const WAIT_MS = 5000;
const POLL_MS = 100;

export type HttpStep = HttpStepView;
export type TestPostbackResult = TestPostbackResultView;

/**
 * CONTRACT §7 test postbacks: a signed test click through the real click service, the network's
 * postback URL with its macros replaced as the network would, fired at the real ingress, then
 * the postback-log entry and the conversion as attribution records them. Every step is reported.
 */
@Injectable()
export class TestPostbacksService {
  constructor(
    @Inject(ApiEnv) private readonly env: ApiEnv,
    private readonly campaigns: CampaignRepository,
    private readonly networks: AffiliateNetworkRepository,
    private readonly clicks: ClickRepository,
    private readonly postbackLog: PostbackLogRepository,
    private readonly conversions: ConversionRepository,
    private readonly sources: TrafficSourceRepository,
    private readonly deliveries: SourcePostbackRepository,
  ) {}

  async run(input: TestPostbackDto): Promise<TestPostbackResult> {
    const secret = this.env.CLICK_ID_SECRETS?.[0];
    if (secret === undefined) throw new FeatureNotConfiguredError('CLICK_ID_SECRETS');
    const campaign = await this.campaigns.findById(input.campaignId);
    if (!campaign) throw new ResourceNotFoundError('campaign', input.campaignId);

    const clickUrl = `${trimSlash(this.env.CLICK_SERVICE_URL ?? this.env.PUBLIC_CLICK_BASE_URL)}/c/${encodeURIComponent(campaign.key)}`;
    const clickAnswer = await request(clickUrl, {
      [TEST_CLICK_HEADER]: signTestClickToken(secret, campaign.key),
    });
    const clickId = clickAnswer.headers?.get(TEST_CLICK_ID_HEADER) ?? null;
    const click = {
      url: clickUrl,
      status: clickAnswer.status,
      error: clickAnswer.error,
      clickId,
      location: clickAnswer.headers?.get('location') ?? null,
    };
    const result = {
      campaignId: campaign.id,
      click,
      clickStored: null,
      postback: null,
      postbackLog: null,
      conversion: null,
      sourcePostback: null,
    };
    if (clickAnswer.status !== 302 || clickId === null) return { ...result, stoppedAt: 'click' };

    // The click's network is the one of the offer the rotation picked: read it from the stored click.
    const stored = await waitFor(() => this.findClick(clickId));
    if (!stored) return { ...result, stoppedAt: 'click-stored' };
    const clickStored = {
      offerId: stored.offerId,
      affiliateNetworkId: stored.affiliateNetworkId,
      test: stored.test,
    };
    const network = await this.networks.findById(stored.affiliateNetworkId);
    if (!network) throw new ResourceNotFoundError('affiliate network', stored.affiliateNetworkId);

    const template = buildPostbackUrl(
      this.env.POSTBACK_INGRESS_URL ?? this.env.PUBLIC_POSTBACK_BASE_URL,
      effectiveMacros(network.template, network.postbackMacros),
      { postbackKey: this.env.POSTBACK_KEY },
    );
    const postbackUrl = substituteMacros(template, {
      cid: clickId,
      payout: input.payout,
      txid: input.txid,
      status: input.status,
      et: input.et,
    });
    const answer = await request(postbackUrl, {});
    const postback: HttpStep = {
      url: postbackUrl,
      status: answer.status,
      body: answer.body,
      error: answer.error,
    };
    const withPostback = { ...result, clickStored, postback };
    const postbackId = postbackIdOf(answer.body);
    if (postbackId === undefined) return { ...withPostback, stoppedAt: 'postback' };

    const logEntry = await waitFor(async () => {
      const entry = await this.postbackLog.findById(postbackId);
      return entry && entry.outcome !== 'pending' ? entry : null;
    });
    const postbackLog = logEntry ? toPostbackLogEntryView(logEntry) : null;
    if (!logEntry) return { ...withPostback, postbackLog, stoppedAt: 'postback-log' };
    const conversionId = logEntry.conversionId;
    const conversion =
      conversionId === null ? null : await waitFor(() => this.conversions.findById(conversionId));
    if (!conversion) return { ...withPostback, postbackLog, stoppedAt: 'conversion' };
    return {
      ...withPostback,
      postbackLog,
      conversion: toConversionView(conversion),
      sourcePostback: await this.sourcePostbackOf(campaign, conversion.id),
      stoppedAt: null,
    };
  }

  /** Waits for the source-postbacks service to deliver (or give up on) the conversion's notification. */
  private async sourcePostbackOf(
    campaign: CampaignEntity,
    conversionId: string,
  ): Promise<NonNullable<TestPostbackResult['sourcePostback']>> {
    const destination =
      campaign.postbackUrl ?? (await this.sources.findById(campaign.trafficSourceId))?.postbackUrl ?? null;
    if (destination === null) return { destination, deliveries: [] };
    const settled = async () => {
      const { items } = await this.deliveries.list({ conversionId, limit: 10 });
      return items.length > 0 && items.every((row) => row.outcome !== 'pending') ? items : null;
    };
    const rows = (await waitFor(settled)) ?? (await this.deliveries.list({ conversionId, limit: 10 })).items;
    const attempts = await this.deliveries.attemptsOf(rows.map((row) => row.id));
    return {
      destination,
      deliveries: rows.map((row) =>
        toSourcePostbackView(
          row,
          attempts.filter((attempt) => attempt.deliveryId === row.id),
        ),
      ),
    };
  }

  private findClick(clickId: string): Promise<ClickEntity | null> {
    const parsed = parseClickId(clickId);
    if (!parsed.ok) return Promise.resolve(null);
    return this.clicks.findById({ clickId, clickedAt: new Date(parsed.timestampMs) });
  }
}

/**
 * What the network does: each postback parameter whose value is a macro gets the real value (or
 * nothing, when the test gives none); a value the template has no macro for is added.
 */
export function substituteMacros(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  // Parameter by parameter on the raw text: macros such as CAKE's `#s2#` are not URL syntax
  // (a URL parser would read them as a fragment), and the custom template repeats `OPTIONAL`.
  const queryStart = template.indexOf('?');
  const endpoint = queryStart === -1 ? template : template.slice(0, queryStart);
  const pairs = queryStart === -1 ? [] : template.slice(queryStart + 1).split('&');
  const seen = new Set<string>();
  const query = pairs.map((pair) => {
    const name = pair.split('=', 1)[0] ?? '';
    if (!Object.hasOwn(values, name)) return pair;
    seen.add(name);
    return `${name}=${encodeURIComponent(values[name] ?? '')}`;
  });
  for (const [name, value] of Object.entries(values)) {
    if (!seen.has(name) && value !== undefined) query.push(`${name}=${encodeURIComponent(value)}`);
  }
  return query.length === 0 ? endpoint : `${endpoint}?${query.join('&')}`;
}

interface Answer {
  readonly status: number | null;
  readonly headers?: Headers;
  readonly body?: unknown;
  readonly error?: string;
}

async function request(url: string, headers: Record<string, string>): Promise<Answer> {
  try {
    const response = await fetch(url, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // a text answer (the click service's 404) is shown as text
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function postbackIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

async function waitFor<T>(probe: () => Promise<T | null>): Promise<T | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await probe();
    if (found !== null || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');
