import type { StatusMap } from '../postback/status-mapping';

/**
 * Built-in affiliate network templates (CONTRACT §7): where each network keeps our click ID, the
 * macros it substitutes in the postback URL we give it, and what its own status values mean.
 * Every entry names the network's own documentation it was checked against (`sources`).
 *
 * Researched but not shipped as templates (see docs/networks.md):
 * - ClickBank: our click ID goes in `tid` (https://support.clickbank.com/hc/en-us/articles/26455062697620-Affiliate-Tracking-Parameters),
 *   but the macro names of its Postback/Pixels feature
 *   (https://support.clickbank.com/hc/en-us/articles/26572131282964-Postback-Pixels-Guide) could not be read; not invented.
 * - Awin: Transaction Notifications document `!!!clickRef!!!` and `!!!commission!!!`
 *   (https://developer.awin.com/docs/request-types), but no transaction-ID placeholder could be
 *   verified, and without one a second sale on a click would be logged `duplicate`.
 * - PartnerStack: postbacks are JSON webhooks with a fixed nested payload, no macros
 *   (https://docs.partnerstack.com/docs/postbacks): use the `custom` template and a relay.
 * - CJ Affiliate: documents advertiser S2S only (https://docs.cj.com/docs/s2s-implementation), no
 *   publisher postback macros found.
 * - Digistore24: the click ID goes in `cid` and the postback has {cid}, {amount_affiliate} and
 *   {currency} (https://docs.digistore24.com/knowledge-base/s2s-postback/), but its transaction-ID
 *   placeholder could not be read in its own documentation; without one, rebills would be duplicates.
 * - MaxBounty, Offer18: no affiliate-side postback macro documentation found (Offer18's guide
 *   covers postbacks into Offer18: https://offer18.gitbook.io/knowledge-base/global-postback-parameters).
 * - Leadbit: only trackers' templates were found (https://docs.bemob.com/en/leadbit-settings:
 *   {sub1}, {cost}, {id}, {status}), not the values of its {status}; an unmapped status would be
 *   refused, and leaving status out would count rejected leads as approved.
 * - AdCombo: only Keitaro's page (https://docs.keitaro.io/en/conversions-and-postback/integration-with-affiliate-networks/adcombo.html)
 *   was found, with one postback URL per status and no documented click-ID parameter name.
 */
export const AFFILIATE_NETWORK_TEMPLATES = [
  'cake',
  'hasoffers',
  'everflow',
  'affise',
  'impact',
  'admitad',
  'cpalead',
  'clickdealer',
  'adgatemedia',
  'zeydoo',
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
  /** Goes to `et`: the network's event or goal, so two events on one click are two conversions. */
  readonly eventType?: string;
}

export interface AffiliateNetworkTemplateDefinition {
  readonly template: AffiliateNetworkTemplate;
  readonly displayName: string;
  /** The offer URL parameter that carries the click ID to the network; null when it has none. */
  readonly clickIdParam: string | null;
  readonly postbackMacros: PostbackMacros;
  /** The network's status values beyond (or overriding) the built-in synonyms. */
  readonly statusMap: StatusMap;
  /** The network's own documentation this entry was checked against. */
  readonly sources: readonly string[];
}

export const AFFILIATE_NETWORK_CATALOG: Readonly<
  Record<AffiliateNetworkTemplate, AffiliateNetworkTemplateDefinition>
> = {
  // Tokens: #s2# (sub ID 2, CAKE's recommended click-ID slot), #price#, #tid# (the transaction ID the
  // advertiser passed). CAKE's token list has no currency, status or event token.
  cake: {
    template: 'cake',
    displayName: 'CAKE',
    clickIdParam: 's2',
    postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#tid#' },
    statusMap: {},
    sources: [
      'https://support.getcake.com/support/solutions/articles/5000545788',
      'https://support.getcake.com/en/support/solutions/articles/5000546096',
    ],
  },
  // {transaction_id} is TUNE's session ID, one per click: the goal goes to `et` so a second goal
  // of the same session is a new conversion rather than a duplicate. Goals (integer ids, several per
  // session) are documented; the macro spelling {goal_id} could not be read in TUNE's macro table.
  hasoffers: {
    template: 'hasoffers',
    displayName: 'HasOffers / TUNE',
    clickIdParam: 'aff_sub',
    postbackMacros: {
      clickId: '{aff_sub}',
      payout: '{payout}',
      txid: '{transaction_id}',
      eventType: '{goal_id}',
    },
    statusMap: {},
    sources: [
      'https://support.tune.com/hc/en-us/articles/1500008248741-Passing-Values-to-a-Partner-Conversion-URL',
      'https://support.tune.com/hc/en-us/articles/4413247716631-Passing-a-Postback-ID-to-an-Advertiser',
      'https://help.stage.tune.com/hasoffers/customizing-an-affiliate-tracking-link/',
      'https://developers.tune.com/network-models/goal',
      'https://help.stage.tune.com/hasoffers/tracking-mobile-app-events-using-offer-goals/',
    ],
  },
  // {transaction_id} is Everflow's click ID, one per click; {event_id} tells its post-conversion
  // events apart, so it goes to `et` (the base conversion leaves it empty: `conversion`).
  everflow: {
    template: 'everflow',
    displayName: 'Everflow',
    clickIdParam: 'sub1',
    postbackMacros: {
      clickId: '{sub1}',
      payout: '{revenue}',
      txid: '{transaction_id}',
      eventType: '{event_id}',
    },
    statusMap: {},
    sources: [
      'https://helpdesk.everflow.io/en/articles/6173403-a-guide-to-parameters-and-macros',
      'https://developers.everflow.io/api-reference/post-affiliatespixels.md',
    ],
  },
  // {status}: 1 approved, 2 pending, 3 declined, 5 approved and put on hold (not payable yet: pending).
  // {goal} is not sent as `et`: the docs do not restrict goal values to what `et` accepts
  // ([a-z0-9_-]), and a refused `et` loses the conversion; {transactionid} identifies each one.
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
    statusMap: { '5': 'pending' },
    sources: [
      'https://help-center.affise.com/en/articles/6655842-affiliate-postback-macros-affiliates',
      'https://help-center.affise.com/en/articles/6618579-conversion-statuses',
    ],
  },
  // Action lifecycle postbacks fire when an action is tracked, modified or reversed; {Status} is
  // PENDING, APPROVED or REVERSED, so a reversal arrives as one. Macros are case-sensitive.
  impact: {
    template: 'impact',
    displayName: 'Impact',
    clickIdParam: 'subId1',
    postbackMacros: {
      clickId: '{SubId1}',
      payout: '{Payout}',
      txid: '{ActionId}',
      currency: '{Currency}',
      status: '{Status}',
      eventType: '{ActionTrackerId}',
    },
    statusMap: { PENDING: 'pending', APPROVED: 'approved', REVERSED: 'declined' },
    sources: [
      'https://help.impact.com/en/support/solutions/articles/155000000882-enable-action-clearing-events-notification',
      'https://integrations.impact.com/impact-brand/reference/enable-postbacks',
    ],
  },
  // Postback URL parameters in triple brackets; [[[type]]] is the action type (sale or lead).
  admitad: {
    template: 'admitad',
    displayName: 'Admitad',
    clickIdParam: 'subid',
    postbackMacros: {
      clickId: '[[[subid]]]',
      payout: '[[[payment_sum]]]',
      txid: '[[[order_id]]]',
      currency: '[[[currency]]]',
      eventType: '[[[type]]]',
    },
    statusMap: {},
    sources: [
      'https://developers.admitad.com/it/doc/api_en/methods/opt_codes/opt-codes-create-action/',
      'https://support.mitgo.com/hc/en-us/articles/360019365798',
    ],
  },
  // Publisher postback by GET: {subid} returns what the tracking link's `subid` carried, {lead_id}
  // is unique per conversion (CPAlead's advice for idempotency). {event_name} is left out: free
  // text such as "Reach level 10" is not an event type, and {lead_id} already tells events apart.
  cpalead: {
    template: 'cpalead',
    displayName: 'CPAlead',
    clickIdParam: 'subid',
    postbackMacros: { clickId: '{subid}', payout: '{payout}', txid: '{lead_id}' },
    statusMap: {},
    sources: [
      'https://www.cpalead.com/en/postback/documentation',
      'https://www.cpalead.com/documentation/postback/index.php',
    ],
  },
  // ClickDealer's own advice for its global postback: #s2# for the click ID (sent in s2 of the
  // tracking link), #price# for the payout, #leadid# its unique ID per conversion, to dedupe by on
  // offers with several events per user. (#tid#, the advertiser's order ID, is its e-commerce
  // alternative; #leadid# is present on every conversion.) No currency, status or event token is given.
  clickdealer: {
    template: 'clickdealer',
    displayName: 'ClickDealer',
    clickIdParam: 's2',
    postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#leadid#' },
    statusMap: {},
    sources: ['https://blog.clickdealer.com/clickdealer-platform-feature-breakdown-global-postbacks'],
  },
  // {s1} returns what the link's s1 carried (AdGate calls it the user ID); {conversion_id} is its
  // ID per conversion; {state} is approved, pending, or rejected (a reversal of a pending or approved
  // conversion), all built-in synonyms, and is required to receive reversals at all. {event_id} is
  // left out: its values are not documented as fitting `et`, and without it AdGate sends no
  // informational events, which pay 0.
  adgatemedia: {
    template: 'adgatemedia',
    displayName: 'AdGate Media',
    clickIdParam: 's1',
    postbackMacros: {
      clickId: '{s1}',
      payout: '{payout}',
      txid: '{conversion_id}',
      status: '{state}',
    },
    statusMap: {},
    sources: ['https://docs.adgatemedia.com/postbacks/postback-information'],
  },
  // The offer URL carries our click ID in ymid; the postback returns it as {ymid} and the payout as
  // {amount}. Zeydoo documents no transaction, currency, status or event macro, so a second
  // conversion on one click has the first one's identity (a duplicate).
  zeydoo: {
    template: 'zeydoo',
    displayName: 'Zeydoo',
    clickIdParam: 'ymid',
    postbackMacros: { clickId: '{ymid}', payout: '{amount}' },
    statusMap: {},
    sources: ['https://help.zeydoo.com/en/articles/4362736-how-to-setup-zeydoo-s2s-conversion-tracking'],
  },
  custom: {
    template: 'custom',
    displayName: 'Custom',
    clickIdParam: null,
    postbackMacros: { clickId: 'REPLACE', payout: 'OPTIONAL', txid: 'OPTIONAL' },
    statusMap: {},
    sources: [],
  },
};

export function isAffiliateNetworkTemplate(value: string): value is AffiliateNetworkTemplate {
  return (AFFILIATE_NETWORK_TEMPLATES as readonly string[]).includes(value);
}
