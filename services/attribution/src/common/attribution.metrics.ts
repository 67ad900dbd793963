import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TallyCounter } from '@clickledger/platform-observability';

export type ConsumerName = 'clicks' | 'postbacks' | 'postbacks-rejected';

/** `read`: a click lookup Redis could not answer went to Postgres; `write`: clicks not cached. */
export type CacheOperation = 'read' | 'write';

/** The service's metrics; labels are bounded (outcomes, reason codes, consumer names). */
@Injectable()
export class AttributionMetrics {
  /** Counted for every postback: plain additions, read into prom-client at each scrape. */
  private readonly postbacks: TallyCounter<'outcome' | 'reason'>;
  private readonly clicks: Counter;
  private readonly batchDuration: Histogram<'consumer'>;
  private readonly delay: Histogram;
  private readonly pending: Gauge;
  private readonly redriven: Counter;
  private readonly unprocessableMessages: Counter<'consumer' | 'cause'>;
  private readonly cacheFallbacks: Counter<'operation' | 'reason'>;

  constructor(registry: Registry) {
    this.postbacks = new TallyCounter({
      name: 'attribution_postbacks_total',
      help: 'Postbacks processed, by outcome (accepted, status-changed, duplicate, rejected, pending) and reason',
      labelNames: ['outcome', 'reason'],
      registry,
    });
    this.clicks = new Counter({
      name: 'attribution_clicks_recorded_total',
      help: 'Click events stored (Postgres and the Redis cache)',
      registers: [registry],
    });
    this.batchDuration = new Histogram({
      name: 'attribution_batch_duration_seconds',
      help: 'Time to handle one consumed batch, writes and publishes included',
      labelNames: ['consumer'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.delay = new Histogram({
      name: 'attribution_postback_delay_seconds',
      help: 'From the ingress receiving a postback to its outcome being stored (consumer lag included)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    });
    this.pending = new Gauge({
      name: 'attribution_pending_postbacks',
      help: 'Postbacks waiting for their click, as of the last scan',
      registers: [registry],
    });
    this.redriven = new Counter({
      name: 'attribution_pending_redriven_total',
      help: 'Pending postbacks sent back to the postbacks topic once their click appeared',
      registers: [registry],
    });
    this.unprocessableMessages = new Counter({
      name: 'attribution_unprocessable_messages_total',
      help: 'Messages that can never be processed (undecodable, schema-invalid, rejected-by-database): logged and dead-lettered',
      labelNames: ['consumer', 'cause'],
      registers: [registry],
    });
    this.cacheFallbacks = new Counter({
      name: 'attribution_click_cache_fallbacks_total',
      help:
        'Redis click-cache calls that failed and were worked around (read: looked up in Postgres; write: not cached), ' +
        'by reason (timeout, unavailable, circuit-open, error)',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    });
  }

  postback(outcome: string, reason: string | null, receivedAt: Date): void {
    this.postbacks.inc(outcome, reason ?? '');
    if (outcome !== 'pending') this.delay.observe(Math.max(0, Date.now() - receivedAt.getTime()) / 1000);
  }

  expired(count: number): void {
    if (count > 0) this.postbacks.inc('rejected', 'click-not-found', count);
  }

  clicksRecorded(count: number): void {
    this.clicks.inc(count);
  }

  batch(consumer: ConsumerName, seconds: number): void {
    this.batchDuration.observe({ consumer }, seconds);
  }

  pendingPostbacks(count: number): void {
    this.pending.set(count);
  }

  unprocessable(consumer: ConsumerName, cause: string): void {
    this.unprocessableMessages.inc({ consumer, cause });
  }

  redrove(count: number): void {
    this.redriven.inc(count);
  }

  cacheFallback(operation: CacheOperation, reason: string): void {
    this.cacheFallbacks.inc({ operation, reason });
  }
}
