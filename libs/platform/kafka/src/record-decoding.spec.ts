import fc from 'fast-check';
import { compactRecordDecoding } from '.';
import './kafka-client';
import {
  decodeRecord,
  RECORD_DECODER_MODULE,
  type DecodedRecord,
  type KafkajsDecoder,
  type RecordBatchContext,
} from './record-decoding';
import { encodeRecord, type RecordFields } from './record-encoding';
import { originalKafkajsModule } from './kafkajs-module-cache';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal Decoder, to read records as its fetch does
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkajsDecoder;

type RecordDecoder = (decoder: KafkajsDecoder, context: RecordBatchContext) => DecodedRecord;

/** kafkajs's own record decoder, not the replacement its record batch decoder takes. */
const kafkajsRecordDecoder = (): RecordDecoder =>
  originalKafkajsModule(RECORD_DECODER_MODULE) as RecordDecoder;

/** A record's bytes as the record batch decoder hands them over: its length read off first. */
function recordDecoder(fields: RecordFields): KafkajsDecoder {
  const { buf, offset } = encodeRecord(fields);
  const bytes = new Decoder(buf.subarray(0, offset)).readVarIntBytes();
  if (bytes === null) throw new Error('a record has bytes');
  return new Decoder(bytes);
}

/** Headers as entries (what a consumer reads of them). */
const comparable = (record: DecodedRecord) => ({ ...record, headers: Object.entries(record.headers) });

const payload = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const headerName = fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !INHERITED.has(name));
const record: fc.Arbitrary<RecordFields> = fc.record({
  offsetDelta: fc.nat({ max: 2 ** 31 - 1 }),
  // Past ±2^48 ms the varlong takes more than 7 bytes, and the Long path reads it.
  timestampDelta: fc.oneof(
    fc.integer(),
    fc.integer({ min: -(2 ** 48), max: 2 ** 48 }),
    fc.maxSafeInteger(),
    fc.maxSafeInteger().map((value) => -value),
  ),
  key: fc.option(payload, { nil: null }),
  value: fc.option(payload, { nil: null }),
  headers: fc.dictionary(headerName, fc.oneof(payload, fc.array(payload, { minLength: 1, maxLength: 3 })), {
    maxKeys: 5,
  }),
});
/** Offsets and timestamps anywhere in int64: past 2^53 the Long path adds them. */
const int64Text = fc.oneof(
  fc.nat({ max: 2 ** 40 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  // Within 2^48 of 2^53: a small delta takes the sum past what a double holds exactly.
  fc.bigInt({ min: 2n ** 53n - 2n ** 48n, max: 2n ** 53n }),
  fc.constant(-1),
);
const context: fc.Arbitrary<RecordBatchContext> = fc.record({
  firstOffset: int64Text.map(String),
  firstTimestamp: int64Text.map(String),
  magicByte: fc.constant(2),
  isControlBatch: fc.boolean(),
  timestampType: fc.constantFrom(0, 1),
  maxTimestamp: int64Text.map(String),
});

describe('kafkajs record decoding without Long objects', () => {
  it("is the record decoder kafkajs's record batch decoder uses in this process", () => {
    expect(compactRecordDecoding()).toBe(true);
  });

  it('reads any record as kafkajs does', () => {
    const kafkajs = kafkajsRecordDecoder();
    expect(kafkajs).not.toBe(decodeRecord);
    fc.assert(
      fc.property(record, context, (fields, batch) => {
        const theirs = kafkajs(recordDecoder(fields), batch);
        const ours = decodeRecord(recordDecoder(fields), batch);
        expect(comparable(ours)).toEqual(comparable(theirs));
        // Sums past 2^53 would round in a double: the text is the exact sum, as kafkajs's.
        expect(ours.offset).toBe(String(BigInt(batch.firstOffset ?? '') + BigInt(fields.offsetDelta ?? 0)));
        if (batch.timestampType === 0)
          expect(ours.timestamp).toBe(
            String(BigInt(batch.firstTimestamp ?? '') + BigInt(fields.timestampDelta ?? 0)),
          );
      }),
      { numRuns: 2000 },
    );
  });

  it('reads any bytes as kafkajs does, or refuses them: never a different record', () => {
    const kafkajs = kafkajsRecordDecoder();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), context, (bytes, batch) => {
        const buffer = Buffer.from(bytes);
        let ours: DecodedRecord;
        try {
          ours = decodeRecord(new Decoder(buffer), batch);
        } catch (error) {
          // Refused: a header count the bytes cannot hold (kafkajs loops through it), or bytes
          // kafkajs refuses too.
          if (!String(error).includes('invalid header count'))
            expect(() => kafkajs(new Decoder(buffer), batch)).toThrow();
          return;
        }
        expect(comparable(ours)).toEqual(comparable(kafkajs(new Decoder(buffer), batch)));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads a header named like an object's property as its value, where kafkajs made a list with a function", () => {
    const fields: RecordFields = {
      offsetDelta: 0,
      timestampDelta: 0,
      key: null,
      value: 'v',
      headers: { constructor: 'a', toString: ['b', 'c'], ['__proto__']: 'd' },
    };
    const { headers } = decodeRecord(recordDecoder(fields), { firstOffset: '7', firstTimestamp: '1' });
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.entries(headers)).toEqual([
      ['constructor', Buffer.from('a')],
      ['toString', [Buffer.from('b'), Buffer.from('c')]],
      ['__proto__', Buffer.from('d')],
    ]);
    const theirs = kafkajsRecordDecoder()(recordDecoder(fields), { firstOffset: '7', firstTimestamp: '1' });
    expect(theirs.headers.constructor).toEqual([Object, Buffer.from('a')]);
  });
});
