import type { ConversionEntity, ConversionStatus, VariableValues } from '@clickledger/persistence';
import { canonicalAmount } from '../offers/offer.view';

export interface ConversionView {
  readonly id: string;
  readonly revision: number;
  readonly clickId: string;
  readonly eventType: string;
  readonly txid: string | null;
  readonly status: ConversionStatus;
  /** The network's own status value behind `status`. */
  readonly originalStatus: string | null;
  /** Made by the test-postback tool. */
  readonly test: boolean;
  readonly payout: { readonly amount: string; readonly currency: string };
  readonly convertedAt: string;
  readonly clickedAt: string;
  readonly campaignId: string;
  readonly offerId: string;
  readonly affiliateNetworkId: string;
  readonly trafficSourceId: string;
  readonly externalId: string | null;
  readonly vars: VariableValues;
  readonly postbackId: string | null;
  readonly updatedAt: string;
}

export function toConversionView(row: ConversionEntity): ConversionView {
  return {
    id: row.id,
    revision: row.revision,
    clickId: row.clickId,
    eventType: row.eventType,
    txid: row.txid,
    status: row.status,
    originalStatus: row.originalStatus,
    test: row.test,
    payout: { amount: canonicalAmount(row.payoutAmount), currency: row.payoutCurrency },
    convertedAt: row.convertedAt.toISOString(),
    clickedAt: row.clickedAt.toISOString(),
    campaignId: row.campaignId,
    offerId: row.offerId,
    affiliateNetworkId: row.affiliateNetworkId,
    trafficSourceId: row.trafficSourceId,
    externalId: row.externalId,
    vars: row.vars,
    postbackId: row.postbackId,
    updatedAt: row.updatedAt.toISOString(),
  };
}
