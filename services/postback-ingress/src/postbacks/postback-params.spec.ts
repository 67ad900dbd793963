import { parse } from 'node:querystring';
import fc from 'fast-check';
import { cutStorableText, isBareRecord } from '@clickledger/tracking';
import {
  emptyParams,
  loggableParams,
  MAX_LOGGED_VALUE_LENGTH,
  MAX_PARAM_NAME_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_PARAMS,
  MAX_QUERY_PAIRS,
  postbackParams,
} from './postback-params';
import { PostbackKey } from './postback-key';
import { readBody, UnreadableBody } from './postback-body';

const EMOJI = '\u{1F600}';

describe('postbackParams', () => {
  it('merges query and body, the body winning, and stringifies JSON scalars', () => {
    expect(postbackParams('/postback?cid=A&payout=1', { payout: 12.5, txid: 'T-1', ok: true })).toEqual({
      cid: 'A',
      payout: '12.5',
      txid: 'T-1',
      ok: 'true',
    });
  });

  it('takes the first of repeated parameters and ignores nested values', () => {
    expect(postbackParams('/postback?cid=A&cid=B', { txid: { nested: 1 }, et: [{ x: 1 }] })).toEqual({
      cid: 'A',
    });
    expect(postbackParams('/postback', { cid: ['A', 'B'] })).toEqual({ cid: 'A' });
  });

  it('ignores bodies that are not objects', () => {
    expect(postbackParams('/postback?cid=A', 'cid=B')).toEqual({ cid: 'A' });
    expect(postbackParams(undefined, null)).toEqual({});
    expect(postbackParams('/postback')).toEqual({});
  });

  it('bounds the number of parameters, from the query and the body together', () => {
    const query = Array.from({ length: 200 }, (_, i) => `p${String(i)}=v`).join('&');
    expect(Object.keys(postbackParams(`/postback?${query}`))).toHaveLength(MAX_PARAMS);
    const half = Array.from({ length: MAX_PARAMS / 2 }, (_, i) => `q${String(i)}=v`).join('&');
    const body = Object.fromEntries(Array.from({ length: MAX_PARAMS }, (_, i) => [`b${String(i)}`, 'v']));
    const params = postbackParams(`/postback?${half}`, { q0: 'w', ...body });
    expect(Object.keys(params)).toHaveLength(MAX_PARAMS);
    expect(params.q0).toBe('w');
  });

  it('keeps client-chosen names such as __proto__ and constructor as plain entries (issue 12, item 2)', () => {
    const body = JSON.parse(
      '{"__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h","cid":"A"}',
    ) as unknown;
    const params = postbackParams('/postback?valueOf=v&__proto__=q', body);
    // Inherits nothing: its prototype is empty, frozen and has no prototype itself.
    expect(isBareRecord(params)).toBe(true);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(params))).toBeNull();
    expect('isPrototypeOf' in params).toBe(false);
    expect('valueOf' in loggableParams(emptyParams())).toBe(false);
    expect(Object.entries(params)).toEqual([
      ['valueOf', 'v'],
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
      ['hasOwnProperty', 'h'],
      ['cid', 'A'],
    ]);
    expect(Object.keys(params)).toHaveLength(6);
    expect(JSON.parse(JSON.stringify(params))).toHaveProperty(['__proto__'], 'p');
  });

  it('cuts values by code points and replaces lone surrogates (issue 12, item 1)', () => {
    const long = `${'x'.repeat(MAX_PARAM_VALUE_LENGTH - 1)}${EMOJI}`;
    const params = postbackParams('/postback', { note: long, lone: 'a\uD800b', ['\uDC00name']: 'v' });
    expect(params.note).toBe('x'.repeat(MAX_PARAM_VALUE_LENGTH - 1));
    expect(params.lone).toBe('a\uFFFDb');
    expect(params['\uFFFDname']).toBe('v');
    const fromQuery = postbackParams(`/postback?note=${'x'.repeat(MAX_PARAM_VALUE_LENGTH - 1)}%F0%9F%98%80`);
    expect(fromQuery.note).toBe('x'.repeat(MAX_PARAM_VALUE_LENGTH - 1));
    const logged = loggableParams({ note: `${'x'.repeat(MAX_LOGGED_VALUE_LENGTH - 1)}${EMOJI}` });
    expect(logged.note).toBe('x'.repeat(MAX_LOGGED_VALUE_LENGTH - 1));
  });

  it('decodes the query as node:querystring does: + is a space, invalid UTF-8 decodes visibly', () => {
    expect(postbackParams('/postback?cid=%F0%9F%98&a=%ED%A0%80&b=%zz&c=1+2%2B3&=e&f&g=h=i')).toEqual({
      cid: '\uFFFD',
      a: '\uFFFD\uFFFD\uFFFD',
      b: '%zz',
      c: '1 2+3',
      '': 'e',
      f: '',
      g: 'h=i',
    });
  });

  it('reads any query as querystring.parse, then the copy into bare records, did (fast-check)', () => {
    // The model: Node's own parser, its first value of each name, then the same bounds and cuts.
    // Entries sorted by name: `__proto__` stays an entry, and the order objects list names in is no concern.
    const model = (query: string): [string, string][] => {
      const parsed = parse(query, '&', '=', { maxKeys: MAX_QUERY_PAIRS });
      const expected = new Map<string, string>();
      for (const name of Object.keys(parsed)) {
        const value = parsed[name];
        const first = Array.isArray(value) ? value[0] : value;
        if (name.length > MAX_PARAM_NAME_LENGTH || first === undefined) continue;
        expected.set(
          cutStorableText(name, MAX_PARAM_NAME_LENGTH),
          cutStorableText(first, MAX_PARAM_VALUE_LENGTH),
        );
      }
      return sorted([...expected]);
    };
    const entries = (query: string) => sorted(Object.entries(postbackParams(`/postback?${query}`)));
    // Pieces a postback's query is made of, and the ones that break parsers: escapes valid and
    // not, lone surrogates, NUL, `+`, `=` and `&` in odd places, empty pairs, long names.
    const piece = fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '+',
        '%',
        '%2',
        '%20',
        '%2B',
        '%26',
        '%3D',
        '%F0%9F%98%80',
        '%ED%A0%80',
        '%zz',
        '%00',
      ),
      fc.constantFrom('cid', 'txid', 'payout', '__proto__', 'constructor', '0', '1'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ unit: fc.constantFrom('a', '\uD800', '\uDC00', '\u0000', '\u00E9'), maxLength: 4 }),
      fc.constant('n'.repeat(MAX_PARAM_NAME_LENGTH + 1)),
      fc.constant('v'.repeat(MAX_PARAM_VALUE_LENGTH + 1)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const query = pieces.join('');
        const expected = model(query);
        // Where the two can differ by design: more names than kept (the model keeps integer-like
        // names first, as any object lists them; the query's order decides here), and two names
        // that become one once made storable (the model keeps the last, the query's first here).
        fc.pre(expected.length < MAX_PARAMS && !namesMerge(query));
        const actual = entries(query);
        expect(actual).toEqual(expected);
        for (const [name, value] of actual) expect(name.isWellFormed() && value.isWellFormed()).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // The pair limit: a query of more pairs than read keeps only what its first pairs named.
    const many = Array.from({ length: MAX_QUERY_PAIRS + 10 }, (_, i) =>
      i % 5 === 0 ? `k${String(i)}=v` : '',
    );
    expect(entries(many.join('&'))).toEqual(model(many.join('&')));
    expect(entries(many.join('&')).length).toBeGreaterThan(10);
  });
});

const sorted = (pairs: [string, string][]): [string, string][] =>
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Two of the query's distinct names that are the same once made storable (NUL, lone surrogates). */
function namesMerge(query: string): boolean {
  const names = Object.keys(parse(query, '&', '=', { maxKeys: MAX_QUERY_PAIRS }));
  return new Set(names.map((name) => cutStorableText(name, MAX_PARAM_NAME_LENGTH))).size !== names.length;
}

describe('readBody', () => {
  const read = (type: string | undefined, body: string, encoding?: string) =>
    readBody(type, encoding, Buffer.from(body, 'utf8'));

  it('reads text/plain and untyped bodies as forms (issue 12, item 3)', () => {
    expect({ ...(read('text/plain', 'payout=3&txid=T') as object) }).toEqual({ payout: '3', txid: 'T' });
    expect({ ...(read('text/plain; charset=utf-8', 'cid=A') as object) }).toEqual({ cid: 'A' });
    expect({ ...(read('Application/X-WWW-Form-Urlencoded', 'cid=A') as object) }).toEqual({ cid: 'A' });
    expect({ ...(read(undefined, 'cid=A') as object) }).toEqual({ cid: 'A' });
  });

  it('refuses other types with 415 unsupported-media-type, naming the type', () => {
    for (const type of [
      'application/octet-stream',
      'application/xml',
      'image/png',
      'text/html; charset=utf-8',
    ]) {
      const body = read(type, 'cid=A');
      expect(body).toBeInstanceOf(UnreadableBody);
      expect(body).toMatchObject({ statusCode: 415, reason: 'unsupported-media-type' });
      expect((body as UnreadableBody).message).toContain(type.split(';')[0]);
    }
  });

  it('reads JSON types as JSON, with a __proto__ key as an own entry', () => {
    const body = read('application/vnd.network+json', '{"__proto__":{"x":1},"cid":"A"}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(body)).toEqual(['__proto__', 'cid']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses malformed JSON and JSON that is not an object as malformed-body (issue 12, item 4)', () => {
    for (const payload of ['{"cid":', '[1,2]', '"text"', 'null']) {
      const result = read('application/json', payload);
      expect(result).toBeInstanceOf(UnreadableBody);
      expect(result).toMatchObject({ statusCode: 400, reason: 'malformed-body' });
    }
    expect({ ...(read('application/json', '  ') as object) }).toEqual({});
  });

  it('refuses multipart and compressed bodies as unsupported-media-type (415)', () => {
    expect(read('multipart/form-data; boundary=x', '--x')).toMatchObject({ statusCode: 415 });
    expect(read('application/json', '{}', 'gzip')).toMatchObject({ reason: 'unsupported-media-type' });
    expect({ ...(read('application/json', '{}', 'identity') as object) }).toEqual({});
  });
});

describe('PostbackKey', () => {
  it('accepts anything when no key is configured', () => {
    expect(new PostbackKey(undefined).accepts(undefined)).toBe(true);
  });

  it('accepts only the configured key', () => {
    const key = new PostbackKey('s3cret-key');
    expect(key.accepts('s3cret-key')).toBe(true);
    expect(key.accepts('s3cret-kez')).toBe(false);
    expect(key.accepts(undefined)).toBe(false);
    expect(key.accepts('')).toBe(false);
  });
});
