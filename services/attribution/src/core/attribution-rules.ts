import type { PostbackReceivedData } from '@clickledger/contracts';
import {
  type ConversionStatus,
  normalizeDecimalAmount,
  resolveStatus,
  type StatusMap,
} from '@clickledger/tracking';
import type {
  AttributionRejectionReason,
  ClickSnapshot,
  ConversionDraft,
  NetworkPolicy,
  OfferTerms,
} from './attribution.types';

export type RuleVerdict =
  | { readonly kind: 'rejected'; readonly reason: AttributionRejectionReason; readonly message: string }
  | { readonly kind: 'candidate'; readonly draft: ConversionDraft };

const DAY_MS = 86_400_000;

/**
 * CONTRACT §5 rule 5: `auto` takes the postback's payout when present and valid, `fixed` never.
 * `fromPostback` says which one applied: a status change takes the payout only in that case.
 */
export function payoutOf(
  postback: Pick<PostbackReceivedData, 'payout' | 'currency'>,
  offer: OfferTerms,
): { amount: string; currency: string; fromPostback: boolean } {
  const offerDefault = {
    amount: normalizeDecimalAmount(offer.payoutAmount) ?? '0',
    currency: offer.payoutCurrency,
    fromPostback: false,
  };
  if (offer.payoutMode === 'fixed' || postback.payout === null || postback.payout === undefined)
    return offerDefault;
  const amount = normalizeDecimalAmount(postback.payout);
  if (amount === null) return offerDefault;
  return { amount, currency: postback.currency ?? offer.payoutCurrency, fromPostback: true };
}

/**
 * The status a postback means for its network (CONTRACT §4): the network's original value through
 * its statusMap, then the built-in synonyms; the ingress's reading for events without an original
 * value (older events, or no status sent: approved). Undefined when the value means nothing here.
 */
export function statusOf(
  postback: Pick<PostbackReceivedData, 'status' | 'originalStatus'>,
  statusMap: StatusMap,
): ConversionStatus | undefined {
  const original = postback.originalStatus;
  if (original !== null && original !== undefined) return resolveStatus(original, statusMap);
  return postback.status ?? 'approved';
}

/**
 * Rules 2, 3 and 5 of CONTRACT §5 for a postback whose click is known; the identity (rule 4) is
 * decided against stored conversions by the ConversionLedger.
 */
export function judgePostback(
  postback: PostbackReceivedData,
  click: ClickSnapshot,
  offer: OfferTerms | undefined,
  network: NetworkPolicy | undefined,
): RuleVerdict {
  if (!offer || !network) {
    return {
      kind: 'rejected',
      reason: 'unknown-offer',
      message: `offer ${click.offerId} or affiliate network ${click.affiliateNetworkId} of the click does not exist`,
    };
  }
  // An uploaded row is vouched for by the API token, not by the network's servers' addresses.
  if (postback.origin !== 'upload' && !network.allowlist.allows(postback.sourceIp)) {
    return {
      kind: 'rejected',
      reason: 'ip-not-allowed',
      message: `source IP ${postback.sourceIp} is not in the affiliate network's allowlist`,
    };
  }
  const receivedAt = new Date(postback.receivedAt);
  const elapsedMs = receivedAt.getTime() - click.clickedAt.getTime();
  if (elapsedMs > offer.attributionWindowMs) {
    return {
      kind: 'rejected',
      reason: 'outside-attribution-window',
      message: `postback came ${describeDays(elapsedMs)} after the click; the offer's window is ${describeDays(offer.attributionWindowMs)}`,
    };
  }
  const status = statusOf(postback, network.statusMap);
  if (status === undefined) {
    return {
      kind: 'rejected',
      reason: 'invalid-status',
      message: `status ${JSON.stringify(postback.originalStatus)} means nothing for this affiliate network: it is not approved, pending or declined (or a synonym), nor in the network's statusMap; add it there`,
    };
  }
  const txid = postback.txid ?? null;
  const payout = payoutOf(postback, offer);
  return {
    kind: 'candidate',
    draft: {
      clickId: click.clickId,
      eventType: postback.eventType,
      dedupeKey: txid ?? (network.acceptDuplicatePostbacks ? postback.postbackId : ''),
      txid,
      status,
      originalStatus: postback.originalStatus ?? null,
      payoutAmount: payout.amount,
      payoutCurrency: payout.currency,
      payoutFromPostback: payout.fromPostback,
      convertedAt: receivedAt,
      clickedAt: click.clickedAt,
      campaignId: click.campaignId,
      offerId: click.offerId,
      affiliateNetworkId: click.affiliateNetworkId,
      trafficSourceId: click.trafficSourceId,
      externalId: click.externalId,
      vars: click.vars,
      postbackId: postback.postbackId,
      test: click.test,
      country: click.country,
      device: click.device,
      os: click.os,
      browser: click.browser,
    },
  };
}

export const attributionWindowMs = (days: number): number => days * DAY_MS;

function describeDays(ms: number): string {
  return `${(ms / DAY_MS).toFixed(2)} days`;
}
