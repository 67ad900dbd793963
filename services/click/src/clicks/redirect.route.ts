import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpEnv } from '@clickledger/platform-config';
import { ClientIpResolver, HOT_ROUTE_CONFIG, type HttpServiceApp } from '@clickledger/platform-http';
import { TEST_CLICK_HEADER, TEST_CLICK_ID_HEADER } from '@clickledger/tracking';
import { ClickEnv } from '../click.env';
import { ClickMetrics } from './click.metrics';
import { ClickNotDurableError } from './click-not-durable.error';
import { CAMPAIGN_LINK_ROUTE } from './method-not-allowed.route';
import { RecordClickService } from './record-click.service';

const MAX_CAMPAIGN_KEY_LENGTH = 64;
/** Seconds a visitor (or a traffic source's retrying client) should wait after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * `GET|HEAD /c/:campaignKey` (Fastify answers HEAD from the GET route): 302 to the offer, or 404;
 * 503 with Retry-After when the click cannot be made durable or no campaign config is known yet.
 * HEAD answers the same redirect but records and counts nothing (link previews, prefetchers).
 * A hot route: on Fastify itself, outside Nest's per-request pipeline (HOT_ROUTE_CONFIG).
 */
export function installRedirectRoute(app: HttpServiceApp): void {
  const redirect = new RedirectHandler(
    app.get(RecordClickService),
    app.get(ClickMetrics),
    app.get(ClickEnv),
    app.get(HttpEnv),
  );
  app
    .getHttpAdapter()
    .getInstance()
    .route<{ Params: { campaignKey: string } }>({
      method: 'GET',
      url: CAMPAIGN_LINK_ROUTE,
      config: HOT_ROUTE_CONFIG,
      handler: (request, reply) => redirect.handle(request, reply),
    });
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

  async handle(
    request: FastifyRequest<{ Params: { campaignKey: string } }>,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { campaignKey } = request.params;
    const preview = request.method === 'HEAD';
    reply.header('cache-control', 'no-store');
    if (campaignKey.length > MAX_CAMPAIGN_KEY_LENGTH) return this.notFound(reply, preview);
    const headers = request.headers;
    let outcome: Awaited<ReturnType<RecordClickService['record']>>;
    try {
      outcome = await this.recordClick.record(
        {
          campaignKey,
          query: request.query as Record<string, unknown>,
          ip: this.clientIp.resolve(request.socket.remoteAddress, headers['x-forwarded-for']),
          userAgent: headers['user-agent'],
          referrer: headers.referer,
          country: this.countryHeader === undefined ? undefined : firstHeader(headers[this.countryHeader]),
          // The request id is the correlation id (the platform's genReqId).
          correlationId: request.id,
          testToken: firstHeader(headers[TEST_CLICK_HEADER]),
        },
        preview ? 'preview' : 'record',
      );
    } catch (error) {
      if (!(error instanceof ClickNotDurableError)) throw error;
      this.metrics.unavailable('not_durable');
      this.logger.warn(
        { err: error.cause, correlationId: request.id },
        'click not durable (Kafka unreachable and spool refused): 503',
      );
      return unavailable(reply, 'Temporarily unavailable; try again shortly');
    }
    if (outcome.found === false) return this.notFound(reply, preview);
    if (outcome.found === 'unknown') {
      if (!preview) this.metrics.unavailable('campaigns_not_loaded');
      return unavailable(reply, 'Campaigns are loading; try again shortly');
    }
    if (outcome.receipt !== 'none') this.metrics.redirected(outcome.receipt);
    // Only to the API's signed test click: the offer URL may carry the ID anywhere, or not at all.
    if (outcome.test === true) reply.header(TEST_CLICK_ID_HEADER, outcome.clickId);
    return reply.code(302).header('location', outcome.location).send();
  }

  private notFound(reply: FastifyReply, preview: boolean): FastifyReply {
    if (!preview) this.metrics.notFound();
    return reply.code(404).type('text/plain; charset=utf-8').send('Campaign not found');
  }
}

function unavailable(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .type('text/plain; charset=utf-8')
    .send(message);
}

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
