import fc from 'fast-check';
import { createEvent, TOPICS, type PostbackReceivedData } from '@clickledger/contracts';
import { toStorableText } from '@clickledger/tracking';
import type { IncomingMessage } from '@clickledger/platform-kafka';
import { eventDecoder, mustBeIp } from './event-decoder';
import { byDetail, isDataException } from './unprocessable-messages';

const topic = TOPICS.postbacksReceived.name;
const SAMPLE: PostbackReceivedData = {
  postbackId: '5f0b8a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b',
  clickId: '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
  clickedAt: '2026-11-30T10:00:00.000Z',
  params: { cid: '01JD3Q8Z5X6V7W8Y9ZABCDEFGH' },
  payout: null,
  txid: null,
  eventType: 'conversion',
  currency: null,
  status: 'approved',
  sourceIp: '203.0.113.10',
  receivedAt: '2026-11-30T10:05:00.000Z',
  warnings: [],
};
const decode = eventDecoder(topic, (event) => mustBeIp('sourceIp', event.data.sourceIp));

const message = (value: string | null, offset = '1'): IncomingMessage => ({
  topic,
  partition: 0,
  offset,
  key: null,
  value: value === null ? null : Buffer.from(value, 'utf8'),
  headers: {},
  timestamp: String(Date.now()),
});

const valueOf = (raw: string | null) => {
  const result = decode(message(raw));
  if (!result.ok) throw new Error('the decoder never fails a message');
  return result.value;
};

describe('eventDecoder (issue 12: no input can stop a consumer)', () => {
  it('decodes a valid event, its strings made well-formed', () => {
    const data = { ...SAMPLE, txid: 'T-\ud800' };
    const decoded = valueOf(JSON.stringify(createEvent(topic, data)));
    expect(decoded.kind).toBe('event');
    if (decoded.kind === 'event') expect(decoded.event.data.txid).toBe('T-\uFFFD');
  });

  it('says why a message can never be processed, never throwing', () => {
    expect(valueOf(null)).toMatchObject({ kind: 'unprocessable', cause: 'undecodable' });
    expect(valueOf('{"not json')).toMatchObject({ kind: 'unprocessable', cause: 'undecodable' });
    const invalid = valueOf(JSON.stringify({ type: 'postback.received', data: {} }));
    expect(invalid).toMatchObject({ kind: 'unprocessable', cause: 'schema-invalid' });
    if (invalid.kind === 'unprocessable') expect(invalid.detail).toContain('data.postbackId');
    const badIp = valueOf(JSON.stringify(createEvent(topic, { ...SAMPLE, sourceIp: 'proxy' })));
    expect(badIp).toMatchObject({ kind: 'unprocessable', cause: 'schema-invalid' });
    if (badIp.kind === 'unprocessable') expect(badIp.detail).toContain('sourceIp');
  });

  it('groups the unprocessable messages of a batch by cause and detail', () => {
    const batch = ['x', 'y', JSON.stringify(createEvent(topic, SAMPLE)), null].map((raw, i) => {
      const result = decode(message(raw, String(i)));
      if (!result.ok) throw new Error('never');
      return { value: result.value, message: message(raw, String(i)) };
    });
    const groups = byDetail(batch, (value) => (value.kind === 'unprocessable' ? value : undefined));
    expect(groups.map((group) => group.map((item) => item.message.offset))).toEqual([['0', '1'], ['3']]);
  });
});

describe('isDataException', () => {
  it('is true for data Postgres refuses on every retry, false for faults', () => {
    expect(isDataException({ code: '22P02' })).toBe(true);
    expect(isDataException({ driverError: { code: '22021' } })).toBe(true);
    expect(isDataException({ code: '23502' })).toBe(true);
    expect(isDataException({ code: '42P01' })).toBe(false); // a missing table: a fault, retried
    expect(isDataException({ code: '57P01' })).toBe(false); // admin shutdown
    expect(isDataException(new Error('connection refused'))).toBe(false);
    expect(isDataException(null)).toBe(false);
  });
});

describe('eventDecoder over any input (property)', () => {
  // Any UTF-16 text: lone surrogates and NUL included; JSON.stringify writes them as \u escapes.
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });

  it('gives every parameter value back storable, exactly as toStorableText makes it', () => {
    fc.assert(
      fc.property(anyText, anyText, (value, txid) => {
        const raw = JSON.stringify(
          createEvent(topic, { ...SAMPLE, params: { cid: SAMPLE.clickId, v: value }, txid }),
        );
        const decoded = valueOf(raw);
        expect(decoded.kind).toBe('event');
        if (decoded.kind !== 'event') return;
        expect(decoded.event.data.params.v).toBe(toStorableText(value));
        expect(decoded.event.data.txid).toBe(toStorableText(txid));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes: an event or an unprocessable message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decode({ ...message(null), value: Buffer.from(bytes) });
        expect(result.ok).toBe(true);
        if (result.ok) expect(['event', 'unprocessable']).toContain(result.value.kind);
      }),
      { numRuns: 500 },
    );
  });
});
