import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentCorrelationId } from '@clickledger/platform-observability';
import { ClickEnv } from '../click.env';
import { RecordClickService } from './record-click.service';
import { ClickMetrics } from './click.metrics';

const MAX_CAMPAIGN_KEY_LENGTH = 64;

/** `GET|HEAD /c/:campaignKey` (Fastify answers HEAD from the GET route): 302 to the offer, or 404. */
@Controller('c')
export class RedirectController {
  private readonly countryHeader: string | undefined;

  constructor(
    private readonly recordClick: RecordClickService,
    private readonly metrics: ClickMetrics,
    @Inject(ClickEnv) env: ClickEnv,
  ) {
    this.countryHeader = env.CLICK_COUNTRY_HEADER;
  }

  @Get(':campaignKey')
  async redirect(
    @Param('campaignKey') campaignKey: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    reply.header('cache-control', 'no-store');
    if (campaignKey.length > MAX_CAMPAIGN_KEY_LENGTH) {
      this.metrics.notFound();
      await reply.code(404).type('text/plain; charset=utf-8').send('Campaign not found');
      return;
    }
    const headers = request.headers;
    const outcome = await this.recordClick.record({
      campaignKey,
      query: request.query as Record<string, unknown>,
      ip: request.ip,
      userAgent: headers['user-agent'],
      referrer: headers.referer,
      country: this.countryHeader === undefined ? undefined : firstHeader(headers[this.countryHeader]),
      correlationId: currentCorrelationId(),
    });
    if (!outcome.found) {
      this.metrics.notFound();
      await reply.code(404).type('text/plain; charset=utf-8').send('Campaign not found');
      return;
    }
    this.metrics.redirected(outcome.receipt);
    await reply.code(302).header('location', outcome.location).send();
  }
}

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
