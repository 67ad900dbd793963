import { isBareRecord } from '@clickledger/tracking';
import { decodeEvent, createEvent, validateEvent, validateEventByClass } from './event-validation';
import { EVENT_DEFINITIONS, EVENT_TOPICS, eventKey, isEventTopic } from './event-map';
import { SAMPLE_DATA } from './event-samples.fixture';
import { ALL_TOPIC_DEFINITIONS, TOPICS } from './topics';

describe('event map', () => {
  it('covers every contract topic (not the dead-letter topics)', () => {
    expect([...EVENT_TOPICS].sort()).toEqual(
      Object.values(TOPICS)
        .map((t) => t.name)
        .sort(),
    );
    expect(ALL_TOPIC_DEFINITIONS.map((t) => t.name)).toEqual(expect.arrayContaining(EVENT_TOPICS));
    expect(isEventTopic('clicks.recorded.v1')).toBe(true);
    expect(isEventTopic('clicks.recorded.v1.dlq')).toBe(false);
  });

  it('keys per-click events by click ID, campaign config by campaign key, keyless rejects by null', () => {
    expect(eventKey('clicks.recorded.v1', SAMPLE_DATA['clicks.recorded.v1'])).toBe(
      '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
    );
    expect(eventKey('postbacks.received.v1', SAMPLE_DATA['postbacks.received.v1'])).toBe(
      '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
    );
    expect(eventKey('conversions.attributed.v1', SAMPLE_DATA['conversions.attributed.v1'])).toBe(
      '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
    );
    expect(eventKey('campaigns.config.v1', SAMPLE_DATA['campaigns.config.v1'])).toBe('k3y');
    expect(eventKey('postbacks.rejected.v1', SAMPLE_DATA['postbacks.rejected.v1'])).toBeNull();
    expect(
      eventKey('postbacks.rejected.v1', {
        ...SAMPLE_DATA['postbacks.rejected.v1'],
        clickId: '01JD3Q8Z5X6V7W8Y9ZABCDEFGH',
      }),
    ).toBe('01JD3Q8Z5X6V7W8Y9ZABCDEFGH');
  });
});

describe('createEvent / validateEvent / decodeEvent', () => {
  it('creates an envelope with the contract type and version, a UUID and an ISO time', () => {
    const event = createEvent('clicks.recorded.v1', SAMPLE_DATA['clicks.recorded.v1']);
    expect(event).toMatchObject({
      type: 'click.recorded',
      version: 1,
      data: SAMPLE_DATA['clicks.recorded.v1'],
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
  });

  it('round-trips every sample through JSON (the class path gives the same event)', () => {
    for (const topic of EVENT_TOPICS) {
      const json = JSON.stringify(createEvent(topic, SAMPLE_DATA[topic] as never));
      const result = decodeEvent(topic, Buffer.from(json));
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(JSON.parse(JSON.stringify(result.event))).toEqual(JSON.parse(json));
        const byClass = validateEventByClass(topic, JSON.parse(json));
        expect(byClass.ok && byClass.event).toBeInstanceOf(EVENT_DEFINITIONS[topic].eventClass);
        expect(JSON.parse(JSON.stringify(byClass.ok && byClass.event))).toEqual(JSON.parse(json));
      }
    }
    const click = decodeEvent(
      'clicks.recorded.v1',
      JSON.stringify(createEvent('clicks.recorded.v1', SAMPLE_DATA['clicks.recorded.v1'])),
    );
    expect(click.ok).toBe(true);
  });

  it('names every failing path and never throws on bad input', () => {
    const event = createEvent('conversions.attributed.v1', {
      ...SAMPLE_DATA['conversions.attributed.v1'],
      payout: { amount: 12.5 as unknown as string, currency: 'usd' },
      revision: 0,
    });
    const result = validateEvent('conversions.attributed.v1', event);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^data\.revision: /),
          expect.stringMatching(/^data\.payout\.amount: /),
          expect.stringMatching(/^data\.payout\.currency: /),
        ]),
      );
    }
    for (const bad of [null, 42, 'text', [], {}, { type: 'click.recorded' }, { data: [] }]) {
      expect(validateEvent('clicks.recorded.v1', bad).ok).toBe(false);
    }
    expect(decodeEvent('clicks.recorded.v1', '{not json')).toEqual({
      ok: false,
      errors: ['event is not valid JSON'],
    });
  });

  it('rejects an event of another type on a topic', () => {
    const wrong = createEvent('postbacks.received.v1', SAMPLE_DATA['postbacks.received.v1']);
    expect(validateEvent('postbacks.rejected.v1', wrong).ok).toBe(false);
  });

  it('tolerates unknown extra fields, so producers can add fields first', () => {
    const event = { ...createEvent('clicks.recorded.v1', SAMPLE_DATA['clicks.recorded.v1']), traceId: 'abc' };
    expect(validateEvent('clicks.recorded.v1', event).ok).toBe(true);
  });
});

describe('validateEvent with parameter names a client chose (issue 12, item 2)', () => {
  const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

  it.each(['postbacks.received.v1', 'postbacks.rejected.v1'] as const)(
    'keeps every name of %s params as a plain entry, never throwing or dropping one',
    (topic) => {
      const params = JSON.parse(
        `{${NAMES.map((name) => `"${name}":"v-${name}"`).join(',')},"cid":"c"}`,
      ) as Record<string, string>;
      const event = createEvent(topic, { ...SAMPLE_DATA[topic], params });
      const result = decodeEvent(topic, JSON.stringify(event));
      if (!result.ok) throw new Error(result.errors.join('; '));
      const decoded = result.event.data.params;
      expect(isBareRecord(decoded)).toBe(true);
      expect('isPrototypeOf' in decoded).toBe(false);
      expect(Object.entries(decoded)).toEqual([...NAMES.map((name) => [name, `v-${name}`]), ['cid', 'c']]);
      expect(Object.getPrototypeOf(result.event.data)).not.toBeNull();
    },
  );

  it('still refuses params that are not a record of strings', () => {
    const topic = 'postbacks.rejected.v1';
    for (const params of [{ constructor: { nested: 1 } }, ['a'], 'text']) {
      const event = createEvent(topic, { ...SAMPLE_DATA[topic], params } as never);
      const result = validateEvent(topic, JSON.parse(JSON.stringify(event)));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join()).toContain('data.params');
    }
  });
});
