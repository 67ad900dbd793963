import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** Counters of the ingress; labels are bounded (reason codes, receipt kinds). */
@Injectable()
export class PostbackMetrics {
  private readonly received: Counter<'outcome' | 'reason'>;

  constructor(registry: Registry) {
    this.received = new Counter({
      name: 'postbacks_received_total',
      help: 'Postbacks answered, by outcome (accepted, spooled, rejected, unavailable) and reason code',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
  }

  accepted(receipt: 'acked' | 'spooled'): void {
    this.received.inc({ outcome: receipt === 'acked' ? 'accepted' : 'spooled', reason: '' });
  }

  rejected(reason: string): void {
    this.received.inc({ outcome: 'rejected', reason });
  }

  /** Answered 503: the event (accepted: reason '', else the rejection's reason) could not be made durable. */
  unavailable(reason: string): void {
    this.received.inc({ outcome: 'unavailable', reason });
  }
}
