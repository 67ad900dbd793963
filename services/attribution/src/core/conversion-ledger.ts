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
      const { payoutFromPostback: _, ...fields } = draft;
      const conversion: ConversionState = { ...fields, id: this.newId(), revision: 1 };
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
