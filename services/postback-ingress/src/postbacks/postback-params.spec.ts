import { isBareRecord } from '@clickledger/tracking';
import {
  collectPostbackParams,
  emptyParams,
  loggableParams,
  MAX_LOGGED_VALUE_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_PARAMS,
  queryOf,
} from './postback-params';
import { PostbackKey } from './postback-key';
import { readBody, UnreadableBody } from './postback-body';

const EMOJI = '\u{1F600}';

describe('collectPostbackParams', () => {
  it('merges query and body, the body winning, and stringifies JSON scalars', () => {
    expect(collectPostbackParams({ cid: 'A', payout: '1' }, { payout: 12.5, txid: 'T-1', ok: true })).toEqual(
      {
        cid: 'A',
        payout: '12.5',
        txid: 'T-1',
        ok: 'true',
      },
    );
  });

  it('takes the first of repeated parameters and ignores nested values', () => {
    expect(collectPostbackParams({ cid: ['A', 'B'] }, { txid: { nested: 1 }, et: [{ x: 1 }] })).toEqual({
      cid: 'A',
    });
  });

  it('ignores bodies that are not objects', () => {
    expect(collectPostbackParams({ cid: 'A' }, 'cid=B')).toEqual({ cid: 'A' });
    expect(collectPostbackParams(undefined, null)).toEqual({});
  });

  it('bounds the number of parameters', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, 'v']));
    expect(Object.keys(collectPostbackParams(many, undefined))).toHaveLength(MAX_PARAMS);
  });

  it('keeps client-chosen names such as __proto__ and constructor as plain entries (issue 12, item 2)', () => {
    const body = JSON.parse(
      '{"__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h","cid":"A"}',
    ) as unknown;
    const params = collectPostbackParams(queryOf('/postback?valueOf=v&__proto__=q'), body);
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
    const params = collectPostbackParams({ note: long, lone: 'a\uD800b', ['\uDC00name']: 'v' }, undefined);
    expect(params.note).toBe('x'.repeat(MAX_PARAM_VALUE_LENGTH - 1));
    expect(params.lone).toBe('a\uFFFDb');
    expect(params['\uFFFDname']).toBe('v');
    const logged = loggableParams({ note: `${'x'.repeat(MAX_LOGGED_VALUE_LENGTH - 1)}${EMOJI}` });
    expect(logged.note).toBe('x'.repeat(MAX_LOGGED_VALUE_LENGTH - 1));
  });

  it('decodes invalid percent-encoded UTF-8 in the query visibly', () => {
    expect(queryOf('/postback?cid=%F0%9F%98&a=%ED%A0%80').cid).toBe('\uFFFD');
    expect(queryOf('/postback')).toEqual({});
  });

  it('logs a bounded copy without the postback key', () => {
    const logged = loggableParams({ cid: 'A', key: 'secret', txid: 'x'.repeat(5000) });
    expect(logged).toEqual({ cid: 'A', txid: 'x'.repeat(MAX_LOGGED_VALUE_LENGTH) });
  });
});

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
