/**
 * Built-in affiliate network templates (CONTRACT §7): where each network keeps our click ID and
 * the macros it substitutes in the postback URL we give it.
 */
export const AFFILIATE_NETWORK_TEMPLATES = [
  'cake',
  'hasoffers',
  'everflow',
  'affise',
  'impact',
  'custom',
] as const;

export type AffiliateNetworkTemplate = (typeof AFFILIATE_NETWORK_TEMPLATES)[number];

export interface PostbackMacros {
  /** Required: what the network replaces with the click ID it stored. */
  readonly clickId: string;
  readonly payout?: string;
  readonly txid?: string;
  readonly currency?: string;
  readonly status?: string;
}

export interface AffiliateNetworkTemplateDefinition {
  readonly template: AffiliateNetworkTemplate;
  readonly displayName: string;
  /** The offer URL parameter that carries the click ID to the network; null when it has none. */
  readonly clickIdParam: string | null;
  readonly postbackMacros: PostbackMacros;
}

export const AFFILIATE_NETWORK_CATALOG: Readonly<
  Record<AffiliateNetworkTemplate, AffiliateNetworkTemplateDefinition>
> = {
  cake: {
    template: 'cake',
    displayName: 'CAKE',
    clickIdParam: 's2',
    postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#tid#' },
  },
  hasoffers: {
    template: 'hasoffers',
    displayName: 'HasOffers / TUNE',
    clickIdParam: 'aff_sub',
    postbackMacros: { clickId: '{aff_sub}', payout: '{payout}', txid: '{transaction_id}' },
  },
  everflow: {
    template: 'everflow',
    displayName: 'Everflow',
    clickIdParam: 'sub1',
    postbackMacros: { clickId: '{sub1}', payout: '{revenue}', txid: '{transaction_id}' },
  },
  affise: {
    template: 'affise',
    displayName: 'Affise',
    clickIdParam: 'sub1',
    postbackMacros: {
      clickId: '{sub1}',
      payout: '{sum}',
      txid: '{transactionid}',
      currency: '{currency}',
      status: '{status}',
    },
  },
  impact: {
    template: 'impact',
    displayName: 'Impact',
    clickIdParam: 'subId1',
    postbackMacros: { clickId: '{SubId1}', payout: '{Payout}', txid: '{ActionId}', currency: '{Currency}' },
  },
  custom: {
    template: 'custom',
    displayName: 'Custom',
    clickIdParam: null,
    postbackMacros: { clickId: 'REPLACE', payout: 'OPTIONAL', txid: 'OPTIONAL' },
  },
};

export function isAffiliateNetworkTemplate(value: string): value is AffiliateNetworkTemplate {
  return (AFFILIATE_NETWORK_TEMPLATES as readonly string[]).includes(value);
}
