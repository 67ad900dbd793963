import fc from 'fast-check';
import { OFFER_URL_TOKENS } from './offer-url-tokens';
import { compileOfferUrl, type OfferUrlTemplate } from './offer-url.template';

function compiled(url: string): OfferUrlTemplate {
  const result = compileOfferUrl(url);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.template;
}

describe('compileOfferUrl', () => {
  it('fills every known token and leaves unknown values empty', () => {
    const template = compiled(
      'https://network.example/o?id=7&s2={clickid}&c={campaign.id}&z={var1}&t={timestamp}&x={country}',
    );
    expect(template.hasClickIdToken).toBe(true);
    expect(
      template.render({ clickid: '01JD3ABC', 'campaign.id': 42, var1: 'zone 9', timestamp: 1700000000 }),
    ).toBe('https://network.example/o?id=7&s2=01JD3ABC&c=42&z=zone%209&t=1700000000&x=');
  });

  it('renders a Unicode address as a browser sends it: host in punycode, the rest percent-encoded', () => {
    const template = compiled('https://user:pä@例え.jp:8443/café/ö?q=ü&s2={clickid}#frag-ß');
    const location = template.render({ clickid: '01JD3ABC' });
    expect(location).toBe(
      'https://user:p%C3%A4@xn--r8jz45g.jp:8443/caf%C3%A9/%C3%B6?q=%C3%BC&s2=01JD3ABC#frag-%C3%9F',
    );
    // Only ASCII, so Node can send it as a Location header; the same address once parsed.
    expect(location).toMatch(/^[\x21-\x7e]+$/);
    expect(new URL(location).href).toBe(location);
    // An ASCII address is kept exactly as written.
    expect(compiled('https://n.example/O?a=%7e&s2={clickid}').render({ clickid: 'X' })).toBe(
      'https://n.example/O?a=%7e&s2=X',
    );
  });

  it('accepts every contract token', () => {
    const url = `https://n.example/?${OFFER_URL_TOKENS.map((token, i) => `p${i}={${token}}`).join('&')}`;
    const template = compiled(url);
    expect(template.usedTokens).toEqual(OFFER_URL_TOKENS);
    const values = Object.fromEntries(OFFER_URL_TOKENS.map((token) => [token, token.toUpperCase()]));
    expect(template.render(values)).toBe(
      `https://n.example/?${OFFER_URL_TOKENS.map((token, i) => `p${i}=${token.toUpperCase()}`).join('&')}`,
    );
  });

  it('names each unknown token with its position; tokens are case-sensitive', () => {
    const url = 'https://n.example/o?a={clickid}&b={ClickId}&c={sub1}&d={var11}';
    const result = compileOfferUrl(url);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => ('token' in e ? [e.code, e.token, e.position] : [e.code]))).toEqual([
      ['unknown-token', '{ClickId}', url.indexOf('{ClickId}')],
      ['unknown-token', '{sub1}', url.indexOf('{sub1}')],
      ['unknown-token', '{var11}', url.indexOf('{var11}')],
    ]);
    expect(result.errors[0].message).toContain('{ClickId}');
  });

  it('reports an unclosed brace', () => {
    const result = compileOfferUrl('https://n.example/o?a={clickid&b=1');
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'unclosed-token', position: 22 }] });
  });

  it.each([
    '/relative/path?x={clickid}',
    'javascript:alert(1)//{clickid}',
    'ftp://n.example/{clickid}',
    'https://',
    '{var1}',
    ' https://n.example/',
  ])('rejects %p as not an absolute http(s) URL', (url) => {
    const result = compileOfferUrl(url);
    expect(result.ok).toBe(false);
  });

  it('refuses tokens in the scheme or host, so click parameters cannot pick the destination', () => {
    for (const url of ['https://{var1}/o', 'https://n.example.{var1}/o', 'https://n.example:{var2}/o']) {
      const result = compileOfferUrl(url);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.code)).toContain('token-in-host');
    }
    expect(compileOfferUrl('https://n.example/{var1}/o').ok).toBe(true);
  });

  it('URL-encodes every substituted value, so a value cannot add parameters or change the host', () => {
    const template = compiled('https://n.example/o?v={var1}');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const rendered = template.render({ var1: value });
        const url = new URL(rendered);
        expect(url.host).toBe('n.example');
        expect([...url.searchParams.keys()]).toEqual(['v']);
        expect(url.searchParams.get('v')).toBe(value);
      }),
    );
    expect(template.render({ var1: 'a&b=c/#?' })).toBe('https://n.example/o?v=a%26b%3Dc%2F%23%3F');
  });
});

describe('control characters (issue 12, item 8)', () => {
  it.each([
    ['CR LF', 'https://n.example/o?a=1\r\nSet-Cookie: x=1', 'U+000D'],
    ['NUL', 'https://n.example/o\u0000', 'U+0000'],
    ['tab', 'https://n.example/\to', 'U+0009'],
    ['C1', 'https://n.example/o\u0085', 'U+0085'],
  ])('refuses %s, naming it and its position', (_name, url, code) => {
    const position = url.indexOf(String.fromCharCode(parseInt(code.slice(2), 16)));
    const result = compileOfferUrl(url);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { code: 'control-character', position, message: expect.stringContaining(code) as string },
    ]);
  });
});

describe('render with values from the outside world', () => {
  const template = compiled('https://n.example/o?v={var1}&e={externalid}');

  it('never throws on a lone surrogate (issue 12: URIError → 500); it is sent as U+FFFD', () => {
    expect(template.render({ var1: 'a\uD800', externalid: '\uDC00\u{1F600}' })).toBe(
      'https://n.example/o?v=a%EF%BF%BD&e=%EF%BF%BD%F0%9F%98%80',
    );
  });

  it('renders any UTF-16 string into a URL that parses back to its well-formed value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const url = new URL(template.render({ var1: value }));
        expect(url.host).toBe('n.example');
        expect(url.searchParams.get('v')).toBe(value.replace(/[\uD800-\uDFFF\u0000]/gu, '\uFFFD'));
      }),
    );
  });
});

describe('append click ID rule', () => {
  const rule = { clickIdParam: 's2', appendClickId: true };

  it.each([
    ['https://n.example/o', 'https://n.example/o?s2=ID'],
    ['https://n.example/o?id=7', 'https://n.example/o?id=7&s2=ID'],
    ['https://n.example/o?', 'https://n.example/o?s2=ID'],
    ['https://n.example/o?id=7#top', 'https://n.example/o?id=7&s2=ID#top'],
  ])('%s → %s', (url, expected) => {
    expect(compiled(url).withClickIdAppended(rule).render({ clickid: 'ID' })).toBe(expected);
  });

  it('does nothing when the URL has {clickid}, the option is off, or the network has no parameter', () => {
    const withToken = compiled('https://n.example/o?sub={clickid}');
    expect(withToken.withClickIdAppended(rule)).toBe(withToken);
    const plain = compiled('https://n.example/o?id=7');
    expect(plain.withClickIdAppended({ clickIdParam: 's2', appendClickId: false })).toBe(plain);
    expect(plain.withClickIdAppended({ clickIdParam: null, appendClickId: true })).toBe(plain);
  });
});
