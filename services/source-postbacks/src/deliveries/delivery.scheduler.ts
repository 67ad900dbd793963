import { Inject, Injectable, Logger } from '@nestjs/common';
import { SourcePostbackRepository, type SourcePostbackEntity } from '@clickledger/persistence';
import { ReadinessFlag, ReadinessRegistry } from '@clickledger/platform-observability';
import { SOURCE_POSTBACKS_SETTINGS, type SourcePostbacksSettings } from '../source-postbacks-settings';
import { SourcePostbacksMetrics } from '../metrics/source-postbacks.metrics';
import { HostGate } from '../sending/host-gate';
import { PostbackSender } from '../sending/postback-sender';
import { decide } from '../sending/retry-policy';

/** How often pending deliveries past their retry time are marked expired. */
const EXPIRY_SWEEP_MS = 60_000;
/** Attempts to store an attempt's result before leaving it to the lease (a resend then). */
const RECORD_ATTEMPTS = 5;

/**
 * Sends due deliveries. Claims them from Postgres (SKIP LOCKED, with a lease, so several instances
 * share the work and a crashed sender's deliveries are taken over when its lease ends), never more
 * than a host's free slots (HostGate), and records each attempt with the next one's time. A slot is
 * held until its attempt is recorded, so a crash resends at most a host's slots' worth. A slow or
 * dead host holds only its own slots; others keep flowing.
 */
@Injectable()
export class DeliveryScheduler {
  private readonly logger = new Logger(DeliveryScheduler.name);
  private readonly readiness = new ReadinessFlag('delivery-scheduler', 'starting');
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastSweep = 0;
  /** A claimed delivery may be taken over after this: longer than any attempt plus its recording. */
  private readonly leaseMs: number;

  constructor(
    private readonly deliveries: SourcePostbackRepository,
    private readonly sender: PostbackSender,
    private readonly gate: HostGate,
    private readonly metrics: SourcePostbacksMetrics,
    @Inject(SOURCE_POSTBACKS_SETTINGS) private readonly settings: SourcePostbacksSettings,
    readinessRegistry: ReadinessRegistry,
  ) {
    this.leaseMs = settings.timeoutMs * 2 + 5000;
    readinessRegistry.register(this.readiness);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by the send timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.readiness.markNotReady('draining');
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** New deliveries (or a finished attempt): look for work now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      let free = 0;
      try {
        free = this.settings.concurrency - this.inFlight.size;
        if (free > 0) {
          const rows = await this.deliveries.claimDue({
            limit: free,
            perHost: this.settings.hostConcurrency,
            hostSlots: this.gate.slots(),
            leaseMs: this.leaseMs,
          });
          claimed = rows.length;
          for (const row of rows) this.dispatch(row);
        }
        await this.sweep();
        this.metrics.circuitsOpen(this.gate.openCount());
        this.readiness.markReady();
      } catch (error) {
        this.readiness.markNotReady(`cannot claim deliveries: ${describe(error)}`);
        this.logger.error({ err: error, msg: 'claiming deliveries failed; retrying' });
      }
      // A full claim may leave more due work: go again at once. Otherwise wait for a wake-up.
      if (claimed === 0 || claimed < free) await this.idle();
    }
  }

  private dispatch(row: SourcePostbackEntity): void {
    if (!this.gate.acquire(row.host)) {
      // Cannot happen (the claim respected the free slots); left to its lease if it does.
      this.logger.warn({ deliveryId: row.id, host: row.host, msg: 'no free slot for a claimed delivery' });
      return;
    }
    const attempt = this.deliver(row).finally(() => {
      this.gate.release(row.host);
      this.inFlight.delete(attempt);
      this.metrics.sending(this.inFlight.size);
      this.wake();
    });
    this.inFlight.add(attempt);
    this.metrics.sending(this.inFlight.size);
  }

  private async deliver(row: SourcePostbackEntity): Promise<void> {
    const startedAt = new Date();
    const method = row.method === 'POST' ? 'POST' : 'GET';
    const result = await this.sender.send({ method, url: row.url });
    const decision = decide(result, row.attempts, row.giveUpAt, {
      initialMs: this.settings.retryInitialMs,
      maxMs: this.settings.retryMaxMs,
    });
    const opened = this.gate.report(row.host, decision.health);
    if (opened !== null) await this.defer(row.host, opened);
    // A retry of a host whose circuit is open waits for the probe, like the host's other deliveries.
    const openUntil = this.gate.openUntil(row.host);
    const nextAttemptAt =
      decision.nextAttemptAt && openUntil !== null && openUntil > decision.nextAttemptAt.getTime()
        ? new Date(openUntil)
        : decision.nextAttemptAt;
    this.metrics.attempt(
      decision.outcome,
      result.failure ?? (result.statusCode !== null && result.statusCode >= 400 ? 'http' : 'none'),
      result.durationMs / 1000,
    );
    const record = {
      deliveryId: row.id,
      attempt: row.attempts,
      startedAt,
      durationMs: result.durationMs,
      method,
      url: row.url,
      statusCode: result.statusCode,
      responseExcerpt: result.excerpt,
      error: result.error,
      outcome: decision.outcome,
      nextAttemptAt,
    };
    for (let tries = 1; ; tries += 1) {
      try {
        const stored = await this.deliveries.recordAttempt(record);
        if (!stored)
          this.logger.warn({
            deliveryId: row.id,
            msg: 'attempt not recorded: the delivery moved on (lease lost or resent)',
          });
        else if (decision.outcome === 'delivered') this.metrics.delivered(row.createdAt);
        // The circuit may have opened while this attempt was being recorded, after its deferral
        // ran: defer again so this retry, too, waits for the probe (idempotent).
        const openNow = this.gate.openUntil(row.host);
        if (stored && nextAttemptAt !== null && openNow !== null && openNow > nextAttemptAt.getTime())
          await this.defer(row.host, openNow);
        return;
      } catch (error) {
        if (tries >= RECORD_ATTEMPTS || !this.running) {
          // Its lease will end and the delivery will be sent again: a duplicate, never a loss.
          this.logger.error({ err: error, deliveryId: row.id, msg: 'could not record an attempt' });
          return;
        }
        await sleep(200 * tries);
      }
    }
  }

  /** The host's circuit opened: its waiting deliveries wait in Postgres until it may be probed. */
  private async defer(host: string, until: number): Promise<void> {
    try {
      const moved = await this.deliveries.deferHost(host, new Date(until));
      this.logger.warn({ host, deferred: moved, until: new Date(until).toISOString(), msg: 'circuit open' });
    } catch (error) {
      // Only an optimisation: the claim skips the host while its circuit is open anyway.
      this.logger.warn({ err: error, host, msg: 'could not defer the deliveries of an open circuit' });
    }
  }

  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < EXPIRY_SWEEP_MS) return;
    this.lastSweep = Date.now();
    const expired = await this.deliveries.expireOverdue();
    if (expired > 0)
      this.logger.warn({ expired, msg: 'deliveries expired without a last attempt (circuit open)' });
  }

  private idle(): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, this.settings.pollIntervalMs);
      this.wakeUp = done;
    });
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
