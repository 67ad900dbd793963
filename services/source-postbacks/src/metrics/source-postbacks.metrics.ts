import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The service's metrics; labels are bounded (outcomes, failure kinds), never a host or URL. */
@Injectable()
export class SourcePostbacksMetrics {
  private readonly plannedTotal: Counter;
  private readonly attempts: Counter<'outcome' | 'failure'>;
  private readonly attemptDuration: Histogram<'outcome'>;
  private readonly deliveryDelay: Histogram;
  private readonly inFlight: Gauge;
  private readonly openCircuits: Gauge;

  constructor(registry: Registry) {
    this.plannedTotal = new Counter({
      name: 'source_postbacks_planned_total',
      help: 'Deliveries stored for sending (new conversions and status changes in the source statuses)',
      registers: [registry],
    });
    this.attempts = new Counter({
      name: 'source_postbacks_attempts_total',
      help: 'Delivery attempts by outcome (delivered, retry, failed, expired) and failure (refused, timeout, network, http, none)',
      labelNames: ['outcome', 'failure'],
      registers: [registry],
    });
    this.attemptDuration = new Histogram({
      name: 'source_postbacks_attempt_duration_seconds',
      help: 'Time of one delivery attempt, connection included',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.deliveryDelay = new Histogram({
      name: 'source_postbacks_delivery_delay_seconds',
      help: 'From a delivery being stored to its successful attempt (retries included)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600, 86400],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'source_postbacks_in_flight',
      help: 'Delivery attempts in progress',
      registers: [registry],
    });
    this.openCircuits = new Gauge({
      name: 'source_postbacks_open_circuits',
      help: 'Destination hosts whose circuit is open (deliveries to them wait)',
      registers: [registry],
    });
  }

  planned(count: number): void {
    if (count > 0) this.plannedTotal.inc(count);
  }

  attempt(outcome: string, failure: string, seconds: number): void {
    this.attempts.inc({ outcome, failure });
    this.attemptDuration.observe({ outcome }, seconds);
  }

  delivered(createdAt: Date): void {
    this.deliveryDelay.observe(Math.max(0, Date.now() - createdAt.getTime()) / 1000);
  }

  sending(count: number): void {
    this.inFlight.set(count);
  }

  circuitsOpen(count: number): void {
    this.openCircuits.set(count);
  }
}
