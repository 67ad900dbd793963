import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { TallyCounter } from '@clickledger/platform-observability';

/** Counters of the ingress; labels are bounded (reason codes, receipt kinds). */
@Injectable()
export class PostbackMetrics {
  /** Counted on every postback: plain additions, read into prom-client at each scrape. */
  private readonly received: TallyCounter<'outcome' | 'reason'>;

  constructor(registry: Registry) {
    this.received = new TallyCounter({
      name: 'postbacks_received_total',
      help: 'Postbacks answered, by outcome (accepted, spooled, rejected, unavailable) and reason code',
      labelNames: ['outcome', 'reason'],
      registry,
    });
  }

  accepted(receipt: 'acked' | 'spooled'): void {
    this.received.inc(receipt === 'acked' ? 'accepted' : 'spooled', '');
  }

  rejected(reason: string): void {
    this.received.inc('rejected', reason);
  }

  /** Answered 503: the event (accepted: reason '', else the rejection's reason) could not be made durable. */
  unavailable(reason: string): void {
    this.received.inc('unavailable', reason);
  }
}
