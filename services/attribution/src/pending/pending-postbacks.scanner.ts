import { Inject, Injectable, Logger } from '@nestjs/common';
import { TOPICS, type EventOf } from '@clickledger/contracts';
import { EventPublisher } from '@clickledger/platform-kafka';
import { AwaitedClicks } from '../clicks/awaited-clicks';
import { ClickLookupService } from '../clicks/click-lookup.service';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../attribution-settings';
import { AttributionMetrics } from '../common/attribution.metrics';
import { PendingPostbacksRepository, type PendingPostback } from './pending-postbacks.repository';

const TOPIC = TOPICS.postbacksReceived.name;
const SCAN_LIMIT = 1000;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
/** After a re-drive the consumer should settle the row soon; try again only if it has not. */
const REDRIVE_GRACE_MS = 10_000;

/**
 * Early postbacks (click not seen yet) wait as `pending` rows of the postback log. This loop
 * looks their clicks up with back-off; once a click exists it sends the stored event back to
 * `postbacks.received.v1` (same key, so the same partition and consumer), where the normal path
 * attributes it exactly once. Past ATTRIBUTION_MAX_WAIT a row becomes `click-not-found`.
 * When this process stores a click that pending postbacks await (AwaitedClicks), a pass runs at
 * once and takes those postbacks whatever their back-off.
 */
@Injectable()
export class PendingPostbacksScanner {
  private readonly logger = new Logger(PendingPostbacksScanner.name);
  /** Back-off per postback; lost on restart, which only means an earlier retry. */
  private readonly nextAttempt = new Map<string, { at: number; attempts: number }>();
  /** Clicks stored since the last pass that pending postbacks await: theirs are due now. */
  private arrived = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A click arrived during a pass: the next one follows at once. */
  private passRequested = false;
  private stopped = true;

  constructor(
    private readonly repository: PendingPostbacksRepository,
    private readonly clicks: ClickLookupService,
    private readonly publisher: EventPublisher,
    private readonly metrics: AttributionMetrics,
    @Inject(ATTRIBUTION_SETTINGS) private readonly settings: AttributionSettings,
    private readonly awaited: AwaitedClicks,
  ) {
    awaited.onArrival((clickIds) => {
      for (const clickId of clickIds) this.arrived.add(clickId);
      this.passNow();
    });
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; public so tests and the loop share it. */
  async scanOnce(): Promise<void> {
    const arrived = this.arrived;
    this.arrived = new Set();
    await this.repository.exclusively(async (tx) => {
      const pending = await this.repository.oldest(tx, SCAN_LIMIT);
      this.metrics.pendingPostbacks(
        pending.length < SCAN_LIMIT ? pending.length : await this.repository.count(tx),
      );
      const now = Date.now();
      const due = this.dueByClick(pending, now, arrived);
      if (due.length === 0) return;
      const found = await this.clicks.findMany(due.map((row) => row.clickId));
      const ready = due.filter((row) => found.has(row.clickId));
      const missing = due.filter((row) => !found.has(row.clickId));
      const expired = missing.filter((row) => now - row.receivedAt.getTime() > this.settings.maxWaitMs);
      await this.redrive(ready);
      const gaveUp = await this.repository.expire(
        tx,
        expired.map((row) => row.id),
        `no click within ${String(this.settings.maxWaitMs)} ms of the postback`,
      );
      this.metrics.expired(gaveUp);
      this.awaited.forget([...ready, ...expired].map((row) => row.clickId));
      for (const row of expired) this.nextAttempt.delete(row.id);
      for (const row of ready) this.nextAttempt.set(row.id, { at: now + REDRIVE_GRACE_MS, attempts: 0 });
      for (const row of missing.filter((r) => !expired.includes(r))) {
        const attempts = (this.nextAttempt.get(row.id)?.attempts ?? 0) + 1;
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1));
        this.nextAttempt.set(row.id, { at: now + delay, attempts });
      }
      this.forgetSettled(pending);
    });
  }

  /**
   * A click's waiting postbacks go back together, when its first one is due: the consumer applies
   * them in the order received, so a later one re-driven alone would only queue behind the first
   * again, and then sit out the re-drive grace after the first was applied. `pending` is oldest
   * first, so a click's first row in it is its first waiting postback.
   */
  private dueByClick(
    pending: readonly PendingPostback[],
    now: number,
    arrived: ReadonlySet<string>,
  ): PendingPostback[] {
    const clickDue = new Map<string, boolean>();
    for (const row of pending)
      if (!clickDue.has(row.clickId))
        clickDue.set(row.clickId, arrived.has(row.clickId) || (this.nextAttempt.get(row.id)?.at ?? 0) <= now);
    return pending.filter((row) => clickDue.get(row.clickId) === true);
  }

  private async redrive(rows: readonly PendingPostback[]): Promise<void> {
    if (rows.length === 0) return;
    await Promise.all(
      // The stored event, unchanged (same id), with the correlation id its first delivery carried.
      rows.map((row) =>
        this.publisher.publishEvent(TOPIC, JSON.parse(row.event) as EventOf<typeof TOPIC>, row.correlationId),
      ),
    );
    this.metrics.redrove(rows.length);
  }

  private forgetSettled(pending: readonly PendingPostback[]): void {
    if (this.nextAttempt.size <= pending.length) return;
    const still = new Set(pending.map((row) => row.id));
    for (const id of this.nextAttempt.keys()) if (!still.has(id)) this.nextAttempt.delete(id);
  }

  /** A pass now, or right after the one running; never two at once. */
  private passNow(): void {
    if (this.stopped) return;
    if (this.running) {
      this.passRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.pass();
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.passRequested ? 0 : this.settings.pendingScanIntervalMs;
    this.timer = setTimeout(() => {
      this.pass();
    }, delay);
  }

  private pass(): void {
    this.passRequested = false;
    this.running = this.scanOnce()
      .catch((error: unknown) => {
        this.logger.warn({ err: error, msg: 'pending postback scan failed; will retry' });
      })
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }
}
