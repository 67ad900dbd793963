import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { TallyCounter } from '@clickledger/platform-observability';

export type UnavailableReason = 'not_durable' | 'campaigns_not_loaded';

/** Constant label values: a template string would make a new one to hash on every 503. */
const UNAVAILABLE_OUTCOME: Readonly<Record<UnavailableReason, string>> = {
  not_durable: 'unavailable_not_durable',
  campaigns_not_loaded: 'unavailable_campaigns_not_loaded',
};

@Injectable()
export class ClickMetrics {
  /** Counted on every redirect: plain additions, read into prom-client at each scrape. */
  private readonly clicks: TallyCounter<'outcome'>;

  constructor(registry: Registry) {
    this.clicks = new TallyCounter({
      name: 'clicks_total',
      help: 'Campaign link visits (HEAD excluded), by outcome (redirected, spooled, not_found, unavailable_*)',
      labelNames: ['outcome'],
      registry,
    });
  }

  redirected(receipt: 'acked' | 'spooled'): void {
    this.clicks.inc(receipt === 'acked' ? 'redirected' : 'spooled');
  }

  notFound(): void {
    this.clicks.inc('not_found');
  }

  /** Answered 503: `unavailable_not_durable` or `unavailable_campaigns_not_loaded`. */
  unavailable(reason: UnavailableReason): void {
    this.clicks.inc(UNAVAILABLE_OUTCOME[reason]);
  }
}
