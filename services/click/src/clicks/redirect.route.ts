import { Logger } from '@nestjs/common';
import { HttpEnv } from '@clickledger/platform-config';
import {
  ClientIpResolver,
  installRawRoute,
  type HttpServiceApp,
  type RawAnswer,
  type RawExchange,
  type RawRequest,
  type RoutedRequest,
} from '@clickledger/platform-http';
import { TEST_CLICK_HEADER, TEST_CLICK_ID_HEADER } from '@clickledger/tracking';
import { ClickEnv } from '../click.env';
import { ClickMetrics } from './click.metrics';
import type { LinkQuery } from './link-query';
import { CAMPAIGN_LINK_ROUTE } from './method-not-allowed.route';
import { RecordClickService, type ClickOutcome } from './record-click.service';

const MAX_CAMPAIGN_KEY_LENGTH = 64;
/** Seconds a visitor (or a traffic source's retrying client) should wait after a 503. */
export const RETRY_AFTER_SECONDS = 5;
const LINK_PREFIX = '/c/';

/**
 * `GET|HEAD /c/:campaignKey` (Fastify answers HEAD from the GET route): 302 to the offer, or 404;
 * 503 with Retry-After when the click cannot be made durable or no campaign config is known yet.
 * HEAD answers the same redirect but records and counts nothing (link previews, prefetchers).
 * A raw route (RawRoutes): a plain link (`/c/<key>` with letters, digits, `-`, `_`, `.`, `~`,
 * then an optional query) is answered before Fastify; anything else reaches the same answer
 * through Fastify's route, with the key and query as Fastify's router and parser made them.
 */
export function installRedirectRoute(app: HttpServiceApp): void {
  const redirect = new RedirectHandler(
    app.get(RecordClickService),
    app.get(ClickMetrics),
    app.get(ClickEnv),
    app.get(HttpEnv),
  );
  installRawRoute(app, {
    method: 'GET',
    url: CAMPAIGN_LINK_ROUTE,
    accepts: (request) =>
      (request.method === 'GET' || request.method === 'HEAD') && isPlainCampaignLink(request.url ?? ''),
    answer: (exchange, routed) => {
      redirect.answer(exchange, routed);
    },
  });
}

/** `/c/` then one segment of unreserved characters, then the end or `?`: nothing to decode. */
export function isPlainCampaignLink(url: string): boolean {
  if (!url.startsWith(LINK_PREFIX)) return false;
  let i = LINK_PREFIX.length;
  for (; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === 63 /* ? */) break;
    if (!UNRESERVED[code]) return false;
  }
  return i > LINK_PREFIX.length;
}

const UNRESERVED: readonly boolean[] = Array.from({ length: 128 }, (_, code) =>
  /[A-Za-z0-9\-._~]/.test(String.fromCharCode(code)),
);

/**
 * The campaign key and query of a plain campaign link (see isPlainCampaignLink: nothing to
 * decode) as the raw entry reads it: the path ends at the first `?`. The query stays text: the
 * campaign reads only the parameters its traffic source names (SourceParameters).
 */
export function campaignLinkOf(url: string): { key: string; query: string } {
  const end = url.indexOf('?');
  return {
    key: url.slice(LINK_PREFIX.length, end < 0 ? url.length : end),
    query: end < 0 ? '' : url.slice(end + 1),
  };
}

/** What Fastify's router matched (the Fastify entry), else the plain link of the raw entry. */
function linkOf(request: RawRequest, routed: RoutedRequest | undefined): { key: string; query: LinkQuery } {
  if (routed === undefined) return campaignLinkOf(request.url ?? '');
  const { campaignKey } = routed.params as { campaignKey: string };
  return { key: campaignKey, query: (routed.query ?? {}) as Record<string, unknown> };
}

class RedirectHandler {
  private readonly logger = new Logger('Redirect');
  private readonly countryHeader: string | undefined;
  private readonly clientIp: ClientIpResolver;

  constructor(
    private readonly recordClick: RecordClickService,
    private readonly metrics: ClickMetrics,
    env: ClickEnv,
    http: HttpEnv,
  ) {
    this.countryHeader = env.CLICK_COUNTRY_HEADER;
    this.clientIp = new ClientIpResolver(http.TRUSTED_PROXIES);
  }

  answer(exchange: RawExchange, routed?: RoutedRequest): void {
    const { request, correlationId } = exchange;
    const preview = request.method === 'HEAD';
    const link = linkOf(request, routed);
    if (link.key.length > MAX_CAMPAIGN_KEY_LENGTH) {
      exchange.reply(this.notFound(preview));
      return;
    }
    const headers = request.headers;
    this.recordClick.recordThen(
      {
        campaignKey: link.key,
        query: link.query,
        ip: this.clientIp.resolve(request.socket.remoteAddress, headers['x-forwarded-for']),
        userAgent: headers['user-agent'],
        referrer: headers.referer,
        country: this.countryHeader === undefined ? undefined : firstHeader(headers[this.countryHeader]),
        correlationId,
        testToken: firstHeader(headers[TEST_CLICK_HEADER]),
      },
      preview ? 'preview' : 'record',
      (outcome) => {
        exchange.reply(this.answerOf(outcome, preview));
      },
      (error) => {
        this.metrics.unavailable('not_durable');
        this.logger.warn(
          { err: error.cause, correlationId },
          'click not durable (Kafka unreachable and spool refused): 503',
        );
        exchange.reply(unavailable('Temporarily unavailable; try again shortly'));
      },
    );
  }

  private answerOf(outcome: ClickOutcome, preview: boolean): RawAnswer {
    if (outcome.found === false) return this.notFound(preview);
    if (outcome.found === 'unknown') {
      if (!preview) this.metrics.unavailable('campaigns_not_loaded');
      return unavailable('Campaigns are loading; try again shortly');
    }
    if (outcome.receipt !== 'none') this.metrics.redirected(outcome.receipt);
    return {
      statusCode: 302,
      headers:
        outcome.test === true
          ? // Only to the API's signed test click: the offer URL may carry the ID anywhere, or not at all.
            ['cache-control', 'no-store', 'location', outcome.location, TEST_CLICK_ID_HEADER, outcome.clickId]
          : ['cache-control', 'no-store', 'location', outcome.location],
    };
  }

  private notFound(preview: boolean): RawAnswer {
    if (!preview) this.metrics.notFound();
    return {
      statusCode: 404,
      headers: { 'cache-control': 'no-store', 'content-type': TEXT },
      body: 'Campaign not found',
    };
  }
}

const TEXT = 'text/plain; charset=utf-8';

function unavailable(message: string): RawAnswer {
  return {
    statusCode: 503,
    headers: {
      'cache-control': 'no-store',
      'retry-after': String(RETRY_AFTER_SECONDS),
      'content-type': TEXT,
    },
    body: message,
  };
}

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
