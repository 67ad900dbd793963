import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

export type UnavailableReason = 'not_durable' | 'campaigns_not_loaded';

@Injectable()
export class ClickMetrics {
  private readonly clicks: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.clicks = new Counter({
      name: 'clicks_total',
      help: 'Campaign link visits (HEAD excluded), by outcome (redirected, spooled, not_found, unavailable_*)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  redirected(receipt: 'acked' | 'spooled'): void {
    this.clicks.inc({ outcome: receipt === 'acked' ? 'redirected' : 'spooled' });
  }

  notFound(): void {
    this.clicks.inc({ outcome: 'not_found' });
  }

  /** Answered 503: `unavailable_not_durable` or `unavailable_campaigns_not_loaded`. */
  unavailable(reason: UnavailableReason): void {
    this.clicks.inc({ outcome: `unavailable_${reason}` });
  }
}
