import { All, Controller, Get, Inject, NotFoundException, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../source-postbacks-settings';

export interface SinkRequest {
  readonly at: string;
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

/** Requests kept in memory; the oldest go first. */
const KEPT = 100;

/**
 * A local traffic source for the development stack (SOURCE_POSTBACK_TEST_SINK=true): the demo's
 * postback URL points here, it answers 200 and `GET /sink/requests` lists what it received.
 * Never enabled outside development; it stores nothing.
 */
@Controller('sink')
export class TestSinkController {
  private readonly received: SinkRequest[] = [];

  constructor(@Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings) {}

  @Get('requests')
  requests(): { items: readonly SinkRequest[] } {
    this.assertEnabled();
    return { items: [...this.received].reverse() };
  }

  @All('postback')
  receive(@Req() request: FastifyRequest): { status: string } {
    this.assertEnabled();
    this.received.push({
      at: new Date().toISOString(),
      method: request.method,
      url: request.url,
      body: request.body ?? null,
    });
    if (this.received.length > KEPT) this.received.shift();
    return { status: 'ok' };
  }

  private assertEnabled(): void {
    if (!this.settings.testSink) throw new NotFoundException();
  }
}
