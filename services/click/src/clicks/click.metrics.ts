import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class ClickMetrics {
  private readonly clicks: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.clicks = new Counter({
      name: 'clicks_total',
      help: 'Campaign link visits, by outcome (redirected, spooled, not_found)',
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
}
