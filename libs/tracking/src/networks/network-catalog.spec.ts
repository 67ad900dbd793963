import {
  AFFILIATE_NETWORK_CATALOG,
  AFFILIATE_NETWORK_TEMPLATES,
  isAffiliateNetworkTemplate,
} from './network-catalog';
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
      'https://t.example/postback?cid={aff_sub}&payout={payout}&txid={transaction_id}',
    ],
    ['everflow', 'sub1', 'https://t.example/postback?cid={sub1}&payout={revenue}&txid={transaction_id}'],
    [
      'affise',
      'sub1',
      'https://t.example/postback?cid={sub1}&payout={sum}&txid={transactionid}&currency={currency}&status={status}',
    ],
    [
      'impact',
      'subId1',
      'https://t.example/postback?cid={SubId1}&payout={Payout}&txid={ActionId}&currency={Currency}',
    ],
    ['custom', null, 'https://t.example/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL'],
  ] as const)('%s: click ID in %p, postback URL with literal macros', (template, clickIdParam, url) => {
    const network = AFFILIATE_NETWORK_CATALOG[template];
    expect(network.clickIdParam).toBe(clickIdParam);
    expect(buildPostbackUrl('https://t.example', network.postbackMacros)).toBe(url);
  });

  it('adds the URL-encoded postback key and event type, and accepts a base ending in / or /postback', () => {
    const macros = AFFILIATE_NETWORK_CATALOG.cake.postbackMacros;
    expect(buildPostbackUrl('https://t.example/', macros, { postbackKey: 'k&y=1', eventType: 'lead' })).toBe(
      'https://t.example/postback?cid=#s2#&payout=#price#&txid=#tid#&et=lead&key=k%26y%3D1',
    );
    expect(buildPostbackUrl('https://t.example/track/postback', { clickId: '{x}' })).toBe(
      'https://t.example/track/postback?cid={x}',
    );
  });
});
