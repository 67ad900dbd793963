import { OFFER_URL_TOKENS } from '../offer-url/offer-url-tokens';
import { compileOfferUrl } from '../offer-url/offer-url.template';
import { urlTemplateProblems } from '../url-template';
import { compileSourcePostbackUrl, SOURCE_POSTBACK_TOKENS } from './source-postback-url';

describe('compileSourcePostbackUrl', () => {
  it('fills every §9 token, URL-encoded', () => {
    const url = `https://s.example/pb?${SOURCE_POSTBACK_TOKENS.map((t, i) => `p${i}={${t}}`).join('&')}`;
    const result = compileSourcePostbackUrl(url);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const values = Object.fromEntries(SOURCE_POSTBACK_TOKENS.map((t) => [t, `${t} &=`]));
    const rendered = new URL(result.template.render(values));
    expect([...rendered.searchParams.values()]).toEqual(SOURCE_POSTBACK_TOKENS.map((t) => `${t} &=`));
  });

  it('refuses offer-only tokens and names them; the offer URL refuses postback-only tokens', () => {
    const result = compileSourcePostbackUrl('https://s.example/pb?c={country}&p={payout}');
    expect(urlTemplateProblems(result)).toEqual(['unknown token {country} at position 23']);
    expect(OFFER_URL_TOKENS).not.toContain('payout');
    expect(compileOfferUrl('https://n.example/o?p={payout}').ok).toBe(false);
  });

  it('names the template kind in its messages and refuses tokens in the host', () => {
    expect(urlTemplateProblems(compileSourcePostbackUrl('ftp://s.example/'))).toEqual([
      'the postback URL must use http or https',
    ]);
    const inHost = compileSourcePostbackUrl('https://{clickid}.s.example/');
    expect(inHost.ok).toBe(false);
  });
});
