import type { ConversionDraft, ConversionState } from './attribution.types';
import { identityKeyOf } from './attribution.types';

export type LedgerOutcome =
  | {
      readonly outcome: 'accepted' | 'status-changed';
      readonly conversion: ConversionState;
      readonly previousStatus?: string;
    }
  | { readonly outcome: 'duplicate'; readonly conversion: ConversionState };

/**
 * CONTRACT §5 rule 4 over one batch, in order: starts from the stored conversions of the batch's
 * identities (locked by the caller) and applies each draft. Two postbacks of the same identity in
 * one batch see each other, so nothing counts twice. Collects what to insert and update.
 */
export class ConversionLedger {
  private readonly current = new Map<string, ConversionState>();
  private readonly created = new Set<string>();
  private readonly changed = new Set<string>();

  constructor(
    stored: readonly ConversionState[],
    private readonly newId: () => string,
  ) {
    for (const conversion of stored) this.current.set(identityKeyOf(conversion), conversion);
  }

  apply(draft: ConversionDraft): LedgerOutcome {
    const key = identityKeyOf(draft);
    const existing = this.current.get(key);
    if (!existing) {
      const conversion = created(draft, this.newId());
      this.current.set(key, conversion);
      this.created.add(key);
      return { outcome: 'accepted', conversion };
    }
    if (existing.status === draft.status) return { outcome: 'duplicate', conversion: existing };
    // CONTRACT §5.4: a status change that carries a valid payout (auto mode) takes it.
    const conversion: ConversionState = {
      ...existing,
      status: draft.status,
      originalStatus: draft.originalStatus,
      revision: existing.revision + 1,
      postbackId: draft.postbackId,
      ...(draft.payoutFromPostback && {
        payoutAmount: draft.payoutAmount,
        payoutCurrency: draft.payoutCurrency,
      }),
    };
    this.current.set(key, conversion);
    if (!this.created.has(key)) this.changed.add(key);
    return { outcome: 'status-changed', conversion, previousStatus: existing.status };
  }

  /** New conversions in their final state of this batch. */
  get inserts(): ConversionState[] {
    return [...this.created].map((key) => this.stateOf(key));
  }

  /** Stored conversions whose status changed, in their final state of this batch. */
  get updates(): ConversionState[] {
    return [...this.changed].map((key) => this.stateOf(key));
  }

  private stateOf(key: string): ConversionState {
    const state = this.current.get(key);
    if (!state) throw new Error('ledger lost a conversion it created');
    return state;
  }
}

/**
 * The conversion a draft creates, at revision 1. Spelled out field by field: object rest
 * (`{ payoutFromPostback, ...fields }`) takes V8's slow path, about 0.8 µs per conversion against
 * 0.05 for a literal. `satisfies` keeps the list whole: a field of ConversionState left out, optional
 * ones included, does not compile.
 */
function created(draft: ConversionDraft, id: string): ConversionState {
  return {
    id,
    revision: 1,
    clickId: draft.clickId,
    eventType: draft.eventType,
    dedupeKey: draft.dedupeKey,
    txid: draft.txid,
    status: draft.status,
    originalStatus: draft.originalStatus,
    payoutAmount: draft.payoutAmount,
    payoutCurrency: draft.payoutCurrency,
    convertedAt: draft.convertedAt,
    clickedAt: draft.clickedAt,
    campaignId: draft.campaignId,
    offerId: draft.offerId,
    affiliateNetworkId: draft.affiliateNetworkId,
    trafficSourceId: draft.trafficSourceId,
    externalId: draft.externalId,
    vars: draft.vars,
    postbackId: draft.postbackId,
    test: draft.test,
    country: draft.country,
    device: draft.device,
    os: draft.os,
    browser: draft.browser,
  } satisfies Record<keyof ConversionState, unknown>;
}
