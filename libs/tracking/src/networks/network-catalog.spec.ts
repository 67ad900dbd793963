import {
  AFFILIATE_NETWORK_CATALOG,
  AFFILIATE_NETWORK_TEMPLATES,
  isAffiliateNetworkTemplate,
} from './network-catalog';
import { detectMacro } from '../macros/macro-detector';
import { normalizeStatusMap, resolveStatus } from '../postback/status-mapping';
import { buildPostbackUrl } from './postback-url.builder';

describe('affiliate network catalog', () => {
  it('has an entry for every template, keyed by its own name', () => {
    for (const template of AFFILIATE_NETWORK_TEMPLATES) {
      expect(AFFILIATE_NETWORK_CATALOG[template].template).toBe(template);
    }
    expect(isAffiliateNetworkTemplate('cake')).toBe(true);
    expect(isAffiliateNetworkTemplate('CAKE')).toBe(false);
  });

  it.each([
    ['cake', 's2', 'https://t.example/postback?cid=#s2#&payout=#price#&txid=#tid#'],
    [
      'hasoffers',
      'aff_sub',
      'https://t.example/postback?cid={aff_sub}&payout={payout}&txid={transaction_id}&et={goal_id}',
    ],
    [
      'everflow',
      'sub1',
      'https://t.example/postback?cid={sub1}&payout={revenue}&txid={transaction_id}&et={event_id}',
    ],
    [
      'affise',
      'sub1',
      'https://t.example/postback?cid={sub1}&payout={sum}&txid={transactionid}&currency={currency}&status={status}',
    ],
    [
      'impact',
      'subId1',
      'https://t.example/postback?cid={SubId1}&payout={Payout}&txid={ActionId}&currency={Currency}&status={Status}&et={ActionTrackerId}',
    ],
    [
      'admitad',
      'subid',
      'https://t.example/postback?cid=[[[subid]]]&payout=[[[payment_sum]]]&txid=[[[order_id]]]&currency=[[[currency]]]&et=[[[type]]]',
    ],
    ['cpalead', 'subid', 'https://t.example/postback?cid={subid}&payout={payout}&txid={lead_id}'],
    ['clickdealer', 's2', 'https://t.example/postback?cid=#s2#&payout=#price#&txid=#leadid#'],
    [
      'adgatemedia',
      's1',
      'https://t.example/postback?cid={s1}&payout={payout}&txid={conversion_id}&status={state}',
    ],
    ['zeydoo', 'ymid', 'https://t.example/postback?cid={ymid}&payout={amount}'],
    ['custom', null, 'https://t.example/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL'],
  ] as const)('%s: click ID in %p, postback URL with literal macros', (template, clickIdParam, url) => {
    const network = AFFILIATE_NETWORK_CATALOG[template];
    expect(network.clickIdParam).toBe(clickIdParam);
    expect(buildPostbackUrl('https://t.example', network.postbackMacros)).toBe(url);
  });

  it("names its sources and maps each network's own status values", () => {
    for (const template of AFFILIATE_NETWORK_TEMPLATES) {
      if (template !== 'custom')
        expect(AFFILIATE_NETWORK_CATALOG[template].sources.length).toBeGreaterThan(0);
      for (const url of AFFILIATE_NETWORK_CATALOG[template].sources) expect(url).toMatch(/^https:\/\//);
    }
    const affise = normalizeStatusMap(AFFILIATE_NETWORK_CATALOG.affise.statusMap);
    expect(['1', '2', '3', '5'].map((value) => resolveStatus(value, affise))).toEqual([
      'approved',
      'pending',
      'declined',
      'pending',
    ]);
    const impact = normalizeStatusMap(AFFILIATE_NETWORK_CATALOG.impact.statusMap);
    expect(['PENDING', 'APPROVED', 'REVERSED'].map((value) => resolveStatus(value, impact))).toEqual([
      'pending',
      'approved',
      'declined',
    ]);
    // AdGate's {state} words are built-in synonyms: its template needs no statusMap.
    const adgate = normalizeStatusMap(AFFILIATE_NETWORK_CATALOG.adgatemedia.statusMap);
    expect(['approved', 'pending', 'rejected'].map((value) => resolveStatus(value, adgate))).toEqual([
      'approved',
      'pending',
      'declined',
    ]);
  });

  it('every macro of every template is recognized as unsubstituted when a network leaves it', () => {
    for (const template of AFFILIATE_NETWORK_TEMPLATES) {
      const macros: Readonly<Record<string, string | undefined>> = {
        ...AFFILIATE_NETWORK_CATALOG[template].postbackMacros,
      };
      for (const macro of Object.values(macros)) {
        expect(detectMacro(macro)).not.toBeNull();
      }
    }
  });

  it('adds the URL-encoded postback key and event type, and accepts a base ending in / or /postback', () => {
    const macros = AFFILIATE_NETWORK_CATALOG.cake.postbackMacros;
    expect(buildPostbackUrl('https://t.example/', macros, { postbackKey: 'k&y=1', eventType: 'lead' })).toBe(
      'https://t.example/postback?cid=#s2#&payout=#price#&txid=#tid#&et=lead&key=k%26y%3D1',
    );
    expect(
      buildPostbackUrl('https://t.example', { clickId: '{x}', eventType: '{e}' }, { eventType: 'lead' }),
    ).toBe('https://t.example/postback?cid={x}&et=lead');
    expect(buildPostbackUrl('https://t.example/track/postback', { clickId: '{x}' })).toBe(
      'https://t.example/track/postback?cid={x}',
    );
  });
});
