import type { OfferEntity, PayoutMode } from '@clickledger/persistence';
import { normalizeDecimalAmount } from '@clickledger/tracking';

export interface OfferView {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly affiliateNetworkId: string;
  readonly payout: { readonly mode: PayoutMode; readonly amount: string; readonly currency: string };
  readonly attributionWindowDays: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Money leaves as a canonical decimal string: `12.5`, not Postgres's `12.500000`. */
export const canonicalAmount = (amount: string): string => normalizeDecimalAmount(amount) ?? amount;

export function toOfferView(row: OfferEntity): OfferView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    affiliateNetworkId: row.affiliateNetworkId,
    payout: { mode: row.payoutMode, amount: canonicalAmount(row.payoutAmount), currency: row.payoutCurrency },
    attributionWindowDays: row.attributionWindowDays,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
