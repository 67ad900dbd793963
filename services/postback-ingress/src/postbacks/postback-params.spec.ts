import {
  collectPostbackParams,
  loggableParams,
  MAX_LOGGED_VALUE_LENGTH,
  MAX_PARAMS,
} from './postback-params';
import { PostbackKey } from './postback-key';

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

  it('logs a bounded copy without the postback key', () => {
    const logged = loggableParams({ cid: 'A', key: 'secret', txid: 'x'.repeat(5000) });
    expect(logged).toEqual({ cid: 'A', txid: 'x'.repeat(MAX_LOGGED_VALUE_LENGTH) });
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
