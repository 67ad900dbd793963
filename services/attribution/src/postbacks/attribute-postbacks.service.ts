import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PostbackReceivedEvent } from '@clickledger/contracts';
import { timeOrderedUuid } from '@clickledger/tracking';
import { AwaitedClicks } from '../clicks/awaited-clicks';
import { ClickLookupService } from '../clicks/click-lookup.service';
import { CatalogCacheService } from '../catalog/catalog-cache.service';
import { ATTRIBUTION_SETTINGS, type AttributionSettings } from '../attribution-settings';
import { AttributionMetrics } from '../common/attribution.metrics';
import { judgePostback, type RuleVerdict } from '../core/attribution-rules';
import { AWAITING_CLICK, PENDING, PENDING_CORRELATION_KEY } from '../core/postback-log';
import {
  AttributionRepository,
  type PendingEntry,
  type PostbackLogRow,
  type StoredLogEntry,
} from './attribution.repository';
import { identityKeyOf, type ConversionDraft, type ConversionState } from '../core/attribution.types';
import { ConversionEventsPublisher, type ConversionEventToPublish } from './conversion-events.publisher';
import { ConversionLedger, type LedgerOutcome } from '../core/conversion-ledger';
import { postgresSafeRecord } from '../core/postgres-text';
import { logWarnings } from '../core/postback-warnings';

export interface IncomingPostback {
  readonly event: PostbackReceivedEvent;
  readonly correlationId?: string;
}

type Verdict = RuleVerdict | { readonly kind: 'awaiting-click' };

interface BatchWritten {
  /** The postbacks this batch applied (not applied before). */
  readonly applied: ReadonlySet<string>;
  readonly toPublish: readonly ConversionEventToPublish[];
  readonly outcomes: readonly PostbackLogRow[];
}

/** What applying one postback gives: its log row, and the conversion event to publish if any. */
interface Applied {
  readonly logRow: PostbackLogRow;
  readonly event?: ConversionEventToPublish;
}

/** Rolls back a write that assumed no postback of its batch was applied before, when one was. */
class AppliedBeforeError extends Error {}

/**
 * Raised when another writer (an instance that briefly shares a partition during a rebalance)
 * stored one of our new conversions or applied one of our postbacks first: the transaction is
 * rolled back and the batch retried, and the retry sees that writer's rows.
 */
export class ConcurrentConversionWriteError extends Error {
  readonly code = 'attribution.concurrent-conversion-write';
}

/**
 * CONTRACT §5 for one batch of `postbacks.received.v1`, in order: one click lookup, one
 * transaction (lock the batch's conversions, then one statement writing conversions and log rows
 * with their outcomes; see `write` for postbacks applied before), then the conversion events,
 * awaited before the caller commits offsets.
 */
@Injectable()
export class AttributePostbacksService {
  constructor(
    private readonly clicks: ClickLookupService,
    private readonly catalog: CatalogCacheService,
    private readonly repository: AttributionRepository,
    private readonly events: ConversionEventsPublisher,
    private readonly metrics: AttributionMetrics,
    private readonly awaited: AwaitedClicks,
    @Inject(ATTRIBUTION_SETTINGS) private readonly settings: AttributionSettings,
  ) {}

  async handle(batch: readonly IncomingPostback[]): Promise<void> {
    // The same postback twice in one batch (a producer retry): the first is applied, the others replayed.
    const firsts = new Map<string, IncomingPostback>();
    const repeats: IncomingPostback[] = [];
    for (const item of batch) {
      if (firsts.has(item.event.data.postbackId)) repeats.push(item);
      else firsts.set(item.event.data.postbackId, item);
    }
    const { postbacks, verdicts } = await this.judge([...firsts.values()]);

    // Redeliveries are rare (a crash between the commit and the offset commit): the batch is first
    // written as if none of its postbacks were applied before, which spares a look-up per batch. A
    // postback that was shows up as a log row the write left alone (final rows are not taken over):
    // that attempt is rolled back and the batch written again, knowing which postbacks to skip.
    const { applied, toPublish, outcomes } = await this.write(
      postbacks,
      verdicts,
      'assume-none-applied',
    ).catch((error: unknown) => {
      if (error instanceof AppliedBeforeError) return this.write(postbacks, verdicts, 'look-up-applied');
      throw error;
    });

    const replays = await this.replays([
      ...postbacks.filter((item) => !applied.has(item.event.data.postbackId)),
      ...repeats,
    ]);
    await this.events.publish([...toPublish, ...replays]);
    for (const row of outcomes) this.metrics.postback(row.outcome, row.reason, row.receivedAt);
    await this.awaitClicks(outcomes.flatMap((row) => (row.outcome === PENDING ? [row.clickId] : [])));
  }

  /**
   * Postbacks of these clicks now wait as pending: they are re-driven as soon as this process
   * stores a click (AwaitedClicks). A click stored while the batch was written was not awaited
   * yet, so the clicks are looked up once more; a failure leaves them to the scanner's next pass.
   */
  private async awaitClicks(clickIds: readonly string[]): Promise<void> {
    if (clickIds.length === 0) return;
    this.awaited.await(clickIds);
    try {
      const found = await this.clicks.findMany(clickIds);
      if (found.size > 0) this.awaited.stored([...found.keys()]);
    } catch {
      // Postgres failing too: the scanner's pass retries these postbacks anyway.
    }
  }

  /**
   * One transaction. The batch is applied first as if each of its conversions were new, as most
   * are, and written in one statement with every postback's log row: an identity stored already is
   * skipped by the insert (`ON CONFLICT DO NOTHING`), then locked and read, its postbacks applied
   * again over it, and their log rows rewritten. Most batches so spare a look-up of every identity
   * and a second statement. Assuming no postback was applied before, rejects with
   * AppliedBeforeError (the transaction rolled back) when one turns out to be.
   *
   * One statement also keeps the rollups' rows (which every batch of a campaign and quarter hour
   * shares) locked briefly: the conversions' trigger locks them at the statement's end, and the
   * commit follows. Written in two statements, the other partitions' transactions waited on those
   * locks for the whole log write and the round trips around it.
   */
  private async write(
    postbacks: readonly IncomingPostback[],
    verdicts: ReadonlyMap<string, Verdict>,
    applied: 'assume-none-applied' | 'look-up-applied',
  ): Promise<BatchWritten> {
    return this.repository.transaction(async (tx) => {
      const before =
        applied === 'look-up-applied'
          ? await this.repository.appliedPostbackIds(
              tx,
              postbacks.map((item) => item.event.data.postbackId),
            )
          : new Set<string>();
      const owned = postbacks.filter((item) => !before.has(item.event.data.postbackId));

      // Time-ordered ids: the conversions' primary key takes new ones at its right edge.
      const assumedNew = new ConversionLedger([], timeOrderedUuid);
      const results = owned.map((item) => this.apply(item, verdicts, assumedNew));
      const { inserts } = assumedNew;
      const logRows = results.map((result) => result.logRow);
      const written = await this.repository.writeBatch(tx, { inserts, updates: [], log: logRows });
      if (written.logged !== logRows.length && applied === 'assume-none-applied')
        throw new AppliedBeforeError();
      // A log row turned final since the first read: another instance applied that postback.
      if (written.logged !== logRows.length)
        throw new ConcurrentConversionWriteError(
          'a postback of this batch was applied concurrently; retrying',
        );
      if (written.skippedIds.length > 0) {
        const skipped = new Set(written.skippedIds);
        // One per identity already: the ledger creates a conversion once.
        const stored = inserts.filter((conversion) => skipped.has(conversion.id));
        await this.applyOverStored(tx, stored, owned, verdicts, results);
      }
      return {
        applied: new Set(owned.map((item) => item.event.data.postbackId)),
        toPublish: results.flatMap((result) => (result.event ? [result.event] : [])),
        outcomes: results.map((result) => result.logRow),
      };
    });
  }

  /**
   * The batch's new conversions whose identity was stored already (`stored`): locked and read,
   * their postbacks applied again over them (`results` updated in place), the conversions' changes
   * written and those postbacks' log rows rewritten.
   */
  private async applyOverStored(
    tx: EntityManager,
    stored: readonly ConversionState[],
    owned: readonly IncomingPostback[],
    verdicts: ReadonlyMap<string, Verdict>,
    results: Applied[],
  ): Promise<void> {
    const locked = await this.repository.lockConversions(tx, stored);
    // A skipped identity is committed (the insert waits for a writer in progress), so the lock
    // finds each one; anything else changed underneath, and the batch is retried.
    if (locked.length !== stored.length)
      throw new ConcurrentConversionWriteError('a conversion of this batch changed concurrently; retrying');
    const ledger = new ConversionLedger(locked, timeOrderedUuid);
    const again = new Set(stored.map(identityKeyOf));
    const rewritten: PostbackLogRow[] = [];
    owned.forEach((item, at) => {
      const verdict = verdicts.get(item.event.data.postbackId);
      if (verdict?.kind !== 'candidate' || !again.has(identityKeyOf(verdict.draft))) return;
      results[at] = this.apply(item, verdicts, ledger);
      rewritten.push(results[at].logRow);
    });
    const written = await this.repository.writeBatch(tx, {
      inserts: [],
      updates: ledger.updates,
      log: rewritten,
      existingLog: 'rewrite',
    });
    if (written.logged !== rewritten.length)
      throw new ConcurrentConversionWriteError('a postback of this batch was applied concurrently; retrying');
  }

  /** One postback applied to the ledger (a candidate) or given its outcome (any other verdict). */
  private apply(
    item: IncomingPostback,
    verdicts: ReadonlyMap<string, Verdict>,
    ledger: ConversionLedger,
  ): Applied {
    const verdict = verdicts.get(item.event.data.postbackId) ?? { kind: 'awaiting-click' };
    if (verdict.kind !== 'candidate')
      return { logRow: logRowOf(item.event, this.unattributedOutcome(item, verdict)) };
    const result = ledger.apply(verdict.draft);
    return {
      logRow: logRowOf(item.event, ledgerLogOutcome(result, verdict.draft)),
      event:
        result.outcome === 'duplicate'
          ? undefined
          : { conversion: result.conversion, correlationId: item.correlationId },
    };
  }

  /** Each postback's verdict, and the batch in the order it must be applied (see inReceivedOrder). */
  private async judge(
    batch: readonly IncomingPostback[],
  ): Promise<{ postbacks: readonly IncomingPostback[]; verdicts: Map<string, Verdict> }> {
    const clickIds = batch.map((item) => item.event.data.clickId);
    const [found, waiting] = await Promise.all([
      this.clicks.findMany(clickIds),
      this.repository.pendingForClicks(clickIds),
    ]);
    const postbacks = inReceivedOrder(batch, waiting);
    const queuedBehind = queueBehindWaiting(postbacks, waiting);
    const known = [...found.values()];
    const [offers, networks] = await Promise.all([
      this.catalog.offersByIds(known.map((click) => click.offerId)),
      this.catalog.networksByIds(known.map((click) => click.affiliateNetworkId)),
    ]);
    const now = Date.now();
    const verdicts = new Map<string, Verdict>();
    for (const { event } of postbacks) {
      const { data } = event;
      const click = found.get(data.clickId);
      let verdict: Verdict;
      if (click && queuedBehind(data)) {
        // An earlier postback of this click still waits: this one waits too, so a click's
        // postbacks always apply in the order they were received (a sale before its reversal).
        verdict = { kind: 'awaiting-click' };
      } else if (click) {
        verdict = judgePostback(
          data,
          click,
          offers.get(click.offerId),
          networks.get(click.affiliateNetworkId),
        );
      } else if (now - new Date(data.receivedAt).getTime() <= this.settings.maxWaitMs) {
        verdict = { kind: 'awaiting-click' };
      } else {
        verdict = {
          kind: 'rejected',
          reason: 'click-not-found',
          message: `no click ${data.clickId} within ${String(this.settings.maxWaitMs)} ms of the postback`,
        };
      }
      verdicts.set(data.postbackId, verdict);
      if (verdict.kind === 'awaiting-click') queuedBehind.park(data);
    }
    return { postbacks, verdicts };
  }

  private unattributedOutcome(
    { event, correlationId }: IncomingPostback,
    verdict: Exclude<Verdict, { kind: 'candidate' }>,
  ): PostbackLogOutcome {
    if (verdict.kind === 'awaiting-click') {
      // The event itself is kept on the pending row, so the retry needs nothing but Postgres; its
      // correlation id beside it, so the re-driven event carries it on (see PendingPostbacksRepository).
      return {
        ...NO_CONVERSION,
        outcome: PENDING,
        reason: AWAITING_CLICK,
        message: 'waiting for its click (a postback may arrive before its click is processed)',
        pendingEvent:
          correlationId === undefined ? event : { ...event, [PENDING_CORRELATION_KEY]: correlationId },
      };
    }
    return { ...NO_CONVERSION, outcome: 'rejected', reason: verdict.reason, message: verdict.message };
  }

  /**
   * Postbacks applied before (redelivered after a crash between the Postgres commit and the
   * publish, or sent twice): their conversion event is published again at the revision they
   * produced. Consumers deduplicate by (conversionId, revision), so a repeat costs nothing.
   */
  private async replays(items: readonly IncomingPostback[]): Promise<ConversionEventToPublish[]> {
    if (items.length === 0) return [];
    const entries = await this.repository.findLogEntries(items.map((item) => item.event.data.postbackId));
    const revisions = new Map<string, StoredLogEntry & { conversionId: string; revision: number }>();
    for (const entry of entries) {
      const { conversionId, revision } = entry;
      if (
        conversionId &&
        revision !== null &&
        (entry.outcome === 'accepted' || entry.outcome === 'status-changed')
      )
        revisions.set(entry.id, { ...entry, conversionId, revision });
    }
    const conversions = new Map(
      (await this.repository.findConversions([...revisions.values()].map((r) => r.conversionId))).map((c) => [
        c.id,
        c,
      ]),
    );
    return items.flatMap((item): ConversionEventToPublish[] => {
      const produced = revisions.get(item.event.data.postbackId);
      const conversion = produced && conversions.get(produced.conversionId);
      if (!produced || !conversion) return [];
      // The log row holds what this postback set; the payout is the conversion's current one,
      // which is that revision's unless a later status change carried a new payout.
      const atRevision: ConversionState = {
        ...conversion,
        revision: produced.revision,
        status: produced.status ?? conversion.status,
        originalStatus: produced.originalStatus,
        postbackId: item.event.data.postbackId,
      };
      return [{ conversion: atRevision, correlationId: item.correlationId }];
    });
  }
}

type PostbackLogOutcome = Pick<
  PostbackLogRow,
  | 'outcome'
  | 'reason'
  | 'message'
  | 'conversionId'
  | 'revision'
  | 'status'
  | 'originalStatus'
  | 'pendingEvent'
>;

const NO_CONVERSION = {
  conversionId: null,
  revision: null,
  status: null,
  originalStatus: null,
  pendingEvent: null,
} as const;

function logRowOf(event: PostbackReceivedEvent, outcome: PostbackLogOutcome): PostbackLogRow {
  const { data } = event;
  return {
    id: data.postbackId,
    receivedAt: new Date(data.receivedAt),
    clickId: data.clickId,
    params: postgresSafeRecord(data.params),
    sourceIp: data.sourceIp,
    warnings: logWarnings(data.warnings),
    ...outcome,
    // Whatever became of it, the log shows the network's own status value.
    originalStatus: outcome.originalStatus ?? data.originalStatus ?? null,
  };
}

function ledgerLogOutcome(result: LedgerOutcome, draft: ConversionDraft): PostbackLogOutcome {
  const { conversion } = result;
  const produced = {
    conversionId: conversion.id,
    revision: conversion.revision,
    status: conversion.status,
    originalStatus: draft.originalStatus,
    pendingEvent: null,
  };
  switch (result.outcome) {
    case 'accepted':
      return { ...produced, outcome: 'accepted', reason: null, message: 'new conversion' };
    case 'status-changed':
      return {
        ...produced,
        outcome: 'status-changed',
        reason: null,
        message: `status ${result.previousStatus ?? '?'} → ${conversion.status}`,
      };
    case 'duplicate':
      return {
        ...NO_CONVERSION,
        conversionId: conversion.id,
        originalStatus: draft.originalStatus,
        outcome: 'duplicate',
        reason: 'duplicate',
        message: `same conversion and status (${conversion.status}) as already recorded`,
      };
  }
}

/**
 * The batch with each click's postbacks in received order (receivedAt, then id: the order the
 * queue of waiting postbacks keeps) wherever the click has a waiting postback in the batch, re-driven
 * by the scanner. A postback that arrived meanwhile can precede the re-driven one in the partition
 * (a reversal sent while its sale was being re-driven): applied in offset order, the reversal would
 * create the conversion and the sale would then "approve" it. Other postbacks keep offset order.
 */
function inReceivedOrder(
  batch: readonly IncomingPostback[],
  waiting: readonly PendingEntry[],
): readonly IncomingPostback[] {
  const waitingIds = new Set(waiting.map((entry) => entry.id));
  const clicks = new Set(
    batch.filter((item) => waitingIds.has(item.event.data.postbackId)).map((item) => item.event.data.clickId),
  );
  if (clicks.size === 0) return batch;
  const ofClick = new Map<string, IncomingPostback[]>();
  for (const item of batch) {
    const { clickId } = item.event.data;
    if (!clicks.has(clickId)) continue;
    const items = ofClick.get(clickId);
    if (items) items.push(item);
    else ofClick.set(clickId, [item]);
  }
  const received = (item: IncomingPostback) => ({
    at: new Date(item.event.data.receivedAt).getTime(),
    id: item.event.data.postbackId,
  });
  for (const items of ofClick.values())
    items.sort((a, b) => (before(received(a), received(b)) ? -1 : before(received(b), received(a)) ? 1 : 0));
  // Each click's postbacks go back into the places the click had in the batch.
  return batch.map((item) => ofClick.get(item.event.data.clickId)?.shift() ?? item);
}

interface QueueCheck {
  (postback: PostbackReceivedEvent['data']): boolean;
  /** A postback of the batch that now waits: later postbacks of its click queue behind it. */
  park(postback: PostbackReceivedEvent['data']): void;
}

/**
 * Whether a postback must wait behind an earlier one of the same click: one still pending from an
 * earlier batch (not re-driven within this batch), or one of this batch that was just parked.
 */
function queueBehindWaiting(
  batch: readonly IncomingPostback[],
  waiting: readonly PendingEntry[],
): QueueCheck {
  const inBatch = new Set(batch.map((item) => item.event.data.postbackId));
  // Per click, the first waiting postback in (receivedAt, id) order — the scanner's order too, so
  // postbacks received in the same millisecond still have one order and never wait on each other.
  const firstWaiting = new Map<string, { at: number; id: string }>();
  for (const entry of waiting) {
    if (inBatch.has(entry.id)) continue;
    const candidate = { at: entry.receivedAt.getTime(), id: entry.id };
    const current = firstWaiting.get(entry.clickId);
    if (!current || before(candidate, current)) firstWaiting.set(entry.clickId, candidate);
  }
  const parked = new Set<string>();
  const check = ((postback: PostbackReceivedEvent['data']): boolean => {
    if (parked.has(postback.clickId)) return true;
    const first = firstWaiting.get(postback.clickId);
    return (
      first !== undefined &&
      before(first, { at: new Date(postback.receivedAt).getTime(), id: postback.postbackId })
    );
  }) as QueueCheck;
  check.park = (postback) => {
    parked.add(postback.clickId);
  };
  return check;
}

const before = (a: { at: number; id: string }, b: { at: number; id: string }): boolean =>
  a.at < b.at || (a.at === b.at && a.id < b.id);
