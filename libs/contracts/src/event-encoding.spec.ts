import fc from 'fast-check';
import { bareRecord } from '@clickledger/tracking';
import { createEvent } from './event-validation';
import { encodeEvent } from './event-encoding';
import { EVENT_TOPICS, type EventOf } from './event-map';
import { TOPICS } from './topics';
import { SAMPLE_DATA } from './event-samples.fixture';

const anyParams = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'toString', '0', '12', 'clickid', 'payout'),
        fc.string({ unit: 'grapheme', maxLength: 10 }),
      ),
      fc.string({ unit: 'binary', maxLength: 10 }),
    ),
    { maxLength: 10 },
  )
  .map((entries) => {
    const params = Object.create(null) as Record<string, string>;
    for (const [key, value] of entries) params[key] = value;
    return params;
  });

describe('encodeEvent', () => {
  it('writes every topic’s sample as JSON.stringify does', () => {
    for (const topic of EVENT_TOPICS) {
      const event = createEvent(topic, SAMPLE_DATA[topic]);
      expect(encodeEvent(topic, event)).toBe(JSON.stringify(event));
    }
  });

  it('writes postback events with any null-prototype parameters as JSON.stringify does, and leaves them as they were', () => {
    for (const topic of [TOPICS.postbacksReceived.name, TOPICS.postbacksRejected.name] as const) {
      fc.assert(
        fc.property(anyParams, (params) => {
          const event: EventOf<typeof topic> = createEvent(topic, { ...SAMPLE_DATA[topic], params });
          expect(encodeEvent(topic, event)).toBe(JSON.stringify(event));
          expect(Object.getPrototypeOf(event.data.params)).toBeNull();
          expect(event.data.params).toBe(params);
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('copies bare records too, and leaves ordinary ones to the serialiser as they are', () => {
    const bare = bareRecord<string>();
    bare.__proto__ = 'p';
    bare.clickid = 'c';
    const ordinary = { clickid: 'o' };
    for (const params of [bare, ordinary]) {
      const event = createEvent(TOPICS.postbacksReceived.name, {
        ...SAMPLE_DATA['postbacks.received.v1'],
        params,
      });
      const stringify = jest.spyOn(JSON, 'stringify');
      try {
        expect(encodeEvent(TOPICS.postbacksReceived.name, event)).toBe(JSON.stringify(event));
        const serialised: unknown = stringify.mock.calls[0]?.[0];
        const data = (serialised as { data: { params: object } }).data;
        expect(Object.getPrototypeOf(data.params)).toBe(Object.prototype);
        expect(data.params === params).toBe(params === ordinary);
      } finally {
        stringify.mockRestore();
      }
    }
  });

  it('hands the serialiser ordinary objects only, so V8 keeps to its fast path', () => {
    const params = Object.create(null) as Record<string, string>;
    params.clickid = 'c';
    const event = createEvent(TOPICS.postbacksReceived.name, {
      ...SAMPLE_DATA['postbacks.received.v1'],
      params,
    });
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      encodeEvent(TOPICS.postbacksReceived.name, event);
      const serialised: unknown = stringify.mock.calls[0]?.[0];
      const data = (serialised as { data: { params: object } }).data;
      expect(Object.getPrototypeOf(data.params)).toBe(Object.prototype);
    } finally {
      stringify.mockRestore();
    }
  });
});
