import fc from 'fast-check';
import { ClickIdCodec } from '../click-id/click-id.codec';
import { POSTBACK_REJECTION_REASONS, type PostbackRejectionReason } from './postback-reasons';
import { parsePostback, type PostbackParseResult, type RawPostbackParams } from './postback.parser';

const DAY_MS = 86_400_000;
const NOW = 1_750_000_000_000;
const codec = new ClickIdCodec(['postback-test-secret-0123456789']);
const options = { codec, nowMs: NOW, maxClickAgeMs: 30 * DAY_MS };
const cid = codec.generate(NOW - DAY_MS);

function parse(params: RawPostbackParams): PostbackParseResult {
  return parsePostback(params, options);
}

function rejectionOf(params: RawPostbackParams): { reason: PostbackRejectionReason; message: string } {
  const result = parse(params);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.postback)}`);
  return result.rejection;
}

describe('parsePostback', () => {
  it('normalizes a full postback', () => {
    expect(
      parse({
        cid: cid.toLowerCase(),
        payout: '12.50',
        txid: 'T-991',
        et: 'sale',
        currency: 'eur',
        status: '2',
      }),
    ).toEqual({
      ok: true,
      postback: {
        clickId: cid,
        clickedAtMs: NOW - DAY_MS,
        payout: '12.5',
        txid: 'T-991',
        eventType: 'sale',
        currency: 'EUR',
        status: 'pending',
        originalStatus: '2',
        warnings: [],
      },
    });
  });

  it('applies defaults: event type conversion, status approved, no payout, txid or currency', () => {
    const result = parse({ cid, payout: '', txid: '' });
    expect(result).toEqual({
      ok: true,
      postback: {
        clickId: cid,
        clickedAtMs: NOW - DAY_MS,
        eventType: 'conversion',
        status: 'approved',
        warnings: [],
      },
    });
  });

  it('accepts negative payouts (reversals) and the status words and numbers', () => {
    const statuses = {
      approved: 'approved',
      pending: 'pending',
      declined: 'declined',
      '1': 'approved',
      '3': 'declined',
      DECLINED: 'declined',
      Approve: 'approved',
      hold: 'pending',
      rejected: 'declined',
      Reversed: 'declined',
    };
    for (const [input, status] of Object.entries(statuses)) {
      expect(parse({ cid, status: input, payout: '-4.2' })).toMatchObject({
        ok: true,
        postback: { status, payout: '-4.2' },
      });
    }
  });

  it('treats placeholders in optional fields as absent, with a warning naming each', () => {
    const result = parse({
      cid,
      payout: '#price#',
      txid: 'OPTIONAL',
      currency: '{Currency}',
      status: '{status}',
    });
    expect(result).toEqual({
      ok: true,
      postback: {
        clickId: cid,
        clickedAtMs: NOW - DAY_MS,
        eventType: 'conversion',
        status: 'approved',
        warnings: [
          { field: 'payout', code: 'unsubstituted-macro', macro: '#price#' },
          { field: 'txid', code: 'unsubstituted-macro', macro: 'OPTIONAL' },
          { field: 'currency', code: 'unsubstituted-macro', macro: '{Currency}' },
          { field: 'status', code: 'unsubstituted-macro', macro: '{status}' },
        ],
      },
    });
  });

  describe('rejections (one test per reason code)', () => {
    const tested = new Set<PostbackRejectionReason>();
    const expectReason = (params: RawPostbackParams, reason: PostbackRejectionReason): string => {
      const rejection = rejectionOf(params);
      expect(rejection.reason).toBe(reason);
      tested.add(reason);
      return rejection.message;
    };

    it('missing-click-id', () => {
      expectReason({}, 'missing-click-id');
      expectReason({ cid: '  ', payout: '1' }, 'missing-click-id');
    });

    it('unsubstituted-macro, naming the macro', () => {
      for (const macro of ['REPLACE', '{aff_sub}', '#s2#', '[clickid]', '%%subid%%', '${x}', '{SubId1}']) {
        expect(expectReason({ cid: macro }, 'unsubstituted-macro')).toContain(macro);
      }
    });

    it('invalid-click-id: forged, malformed, tampered or future-dated', () => {
      expectReason({ cid: 'not-a-click-id' }, 'invalid-click-id');
      expectReason(
        { cid: new ClickIdCodec(['another-secret-0123456789abc']).generate(NOW) },
        'invalid-click-id',
      );
      expectReason(
        { cid: `${cid.slice(0, 20)}${cid[20] === '0' ? '1' : '0'}${cid.slice(21)}` },
        'invalid-click-id',
      );
      expectReason({ cid: codec.generate(NOW + 60 * 60 * 1000) }, 'invalid-click-id');
      expectReason({ cid: 'A'.repeat(10_000) }, 'invalid-click-id');
      expect(parse({ cid: codec.generate(NOW + 60 * 1000) }).ok).toBe(true); // small clock skew is fine
    });

    it('click-id-expired', () => {
      expectReason({ cid: codec.generate(NOW - 31 * DAY_MS) }, 'click-id-expired');
      expect(parse({ cid: codec.generate(NOW - 29 * DAY_MS) }).ok).toBe(true);
    });

    it('invalid-payout, saying why an ambiguous separator is refused', () => {
      for (const payout of ['1e3', '1.0000001', 'abc', '10000000000000', 'NaN', '12,34.5', '1,2,3']) {
        expectReason({ cid, payout }, 'invalid-payout');
      }
      expect(expectReason({ cid, payout: '1,234' }, 'invalid-payout')).toMatch(/1,234 is ambiguous/);
    });

    it('invalid-currency', () => {
      for (const currency of ['US', 'XXX1', 'dollars', 'ABC'])
        expectReason({ cid, currency }, 'invalid-currency');
    });

    it('invalid-status: only values that can never be a statusMap key', () => {
      for (const status of ['x'.repeat(65), 'a\nb', 'a\u0000'])
        expectReason({ cid, status }, 'invalid-status');
    });

    it('invalid-event-type', () => {
      for (const et of ['Sale', 'a'.repeat(33), 'sign up', 'lead!'])
        expectReason({ cid, et }, 'invalid-event-type');
    });

    it('invalid-txid', () => {
      expectReason({ cid, txid: 'x'.repeat(256) }, 'invalid-txid');
      expectReason({ cid, txid: 'T-1\n2' }, 'invalid-txid');
      expectReason({ cid, txid: 'T\u00001' }, 'invalid-txid');
      expect(parse({ cid, txid: 'é'.repeat(255) }).ok).toBe(true);
      expect(parse({ cid, txid: '😀'.repeat(255) }).ok).toBe(true); // 255 characters, 510 UTF-16 units
    });

    afterAll(() => {
      expect([...tested].sort()).toEqual([...POSTBACK_REJECTION_REASONS].sort());
    });
  });

  it('reads payouts as networks write them, exactly', () => {
    const cases: [string, string][] = [
      ['12,34', '12.34'],
      ['1,234.50', '1234.5'],
      ['1.234,50', '1234.5'],
      ['1,234,567', '1234567'],
      ['1.234.567', '1234567'],
      ['-1,234.56', '-1234.56'],
      ['0,123', '0.123'],
      ['7,2', '7.2'],
    ];
    for (const [payout, canonical] of cases) {
      expect(parse({ cid, payout })).toMatchObject({ ok: true, postback: { payout: canonical } });
    }
  });

  it('passes a status the built-in table does not know to attribution, keeping the original', () => {
    expect(parse({ cid, status: '5' })).toMatchObject({
      ok: true,
      postback: { status: null, originalStatus: '5' },
    });
    expect(parse({ cid, status: 'REVERSED' })).toMatchObject({
      ok: true,
      postback: { status: 'declined', originalStatus: 'REVERSED' },
    });
  });

  it('keys rejections of other fields by the verified click ID', () => {
    expect(rejectionOf({ cid: cid.toLowerCase(), payout: 'x' })).toMatchObject({
      clickId: cid,
      field: 'payout',
    });
  });

  it('never throws, whatever the input', () => {
    const value = fc.option(fc.oneof(fc.string(), fc.constantFrom('#s2#', '1.5', cid, 'approved', 'USD')), {
      nil: undefined,
    });
    fc.assert(
      fc.property(
        fc.record({ cid: value, payout: value, txid: value, et: value, currency: value, status: value }),
        (params) => {
          const result = parse(params);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });
});
