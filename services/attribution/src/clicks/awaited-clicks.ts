import { Injectable } from '@nestjs/common';

/** Bound of the clicks remembered as awaited; past it, their postbacks wait for the periodic pass. */
const MAX_AWAITED = 100_000;

/**
 * The clicks that early postbacks of this process wait for, and the moment one of them is
 * stored. Clicks are fetched in batches (ATTRIBUTION_BATCH_WAIT), so a postback that closely
 * follows its click (a test postback, a quick network) can be judged before its click is stored
 * and wait as pending; when that click is stored, the pending scanner is told and re-drives the
 * postback at once instead of at its next pass.
 *
 * A hint within one process only: with several instances the click may be stored by another, and
 * a remembered click may be forgotten (the bound, a restart). The scanner's periodic pass
 * (ATTRIBUTION_PENDING_SCAN_INTERVAL) stays what guarantees every pending postback is re-driven.
 */
@Injectable()
export class AwaitedClicks {
  private readonly awaited = new Set<string>();
  private listener: ((clickIds: readonly string[]) => void) | undefined;

  /** Postbacks of these clicks were stored as pending, awaiting their click. */
  await(clickIds: Iterable<string>): void {
    for (const clickId of clickIds) {
      if (this.awaited.size >= MAX_AWAITED) return;
      this.awaited.add(clickId);
    }
  }

  /** These clicks were stored: the awaited ones among them go to the listener. */
  stored(clickIds: readonly string[]): void {
    if (this.awaited.size === 0) return;
    const arrived = clickIds.filter((clickId) => this.awaited.delete(clickId));
    if (arrived.length > 0) this.listener?.(arrived);
  }

  /** No longer awaited (their postbacks were re-driven or gave up), whoever stored the click. */
  forget(clickIds: Iterable<string>): void {
    for (const clickId of clickIds) this.awaited.delete(clickId);
  }

  /** The one listener: the pending scanner. */
  onArrival(listener: (clickIds: readonly string[]) => void): void {
    this.listener = listener;
  }
}
