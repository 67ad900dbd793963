import fc from 'fast-check';
import { testInfrastructure, uniqueTopic } from '@clickledger/testing';
import { createKafkaClient, exactSizeRecordEncoding } from '../src';
import { encodeRecord, kafkajsVarints, RECORD_MODULE, type RecordFields } from '../src/record-encoding';
import { originalKafkajsModule } from '../src/kafkajs-module-cache';
import { createTopic, readRawTopic } from './kafka-test-kit';

/** kafkajs's own record encoder, not the replacement its produce request takes. */
const kafkajsRecordEncoder = () =>
  originalKafkajsModule(RECORD_MODULE) as (fields: RecordFields) => { buffer: Buffer };

const bytesOf = (encoder: { buf: Buffer; offset: number }): Buffer => encoder.buf.subarray(0, encoder.offset);

/** kafkajs's own bytes for a varint (zigzag, then LEB128) and a varlong, by its unpatched writers. */
const kafkajsVarInt = (value: number): Buffer =>
  bytesOf(kafkajsVarints.writeUVarInt.call(kafkajsVarints.newEncoder(), (value << 1) ^ (value >> 31)));
const kafkajsVarLong = (value: number): Buffer =>
  bytesOf(kafkajsVarints.writeVarLong.call(kafkajsVarints.newEncoder(), value));

const payload = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
);
const header = fc.oneof(payload, fc.array(payload, { minLength: 1, maxLength: 3 }));
const record: fc.Arbitrary<RecordFields> = fc.record(
  {
    offsetDelta: fc.nat({ max: 100_000 }),
    // Up to ±2^40 ms: a batch spanning decades takes kafkajs's Long path.
    timestampDelta: fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
    key: fc.option(payload, { nil: null }),
    value: fc.option(payload, { nil: null }),
    headers: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), header, { maxKeys: 6 }),
  },
  { requiredKeys: [] },
);

/**
 * kafkajs 2.2.4 allocates a Buffer per varint and an Encoder per record and per header: the
 * platform writes the same bytes in place, into one Encoder per record (record-encoding.ts).
 */
describe('kafkajs record encoding without per-varint buffers', () => {
  it("is the record encoder kafkajs's produce request uses in this process", () => {
    expect(exactSizeRecordEncoding()).toBe(true);
  });

  it("writes every varint and varlong in kafkajs's own bytes", () => {
    fc.assert(
      fc.property(fc.integer(), (value) => {
        expect(bytesOf(kafkajsVarints.newEncoder().writeVarInt(value))).toEqual(kafkajsVarInt(value));
      }),
    );
    const long = fc.oneof(
      fc.integer(),
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.maxSafeInteger(),
      fc.maxSafeInteger().map((value) => -value),
    );
    fc.assert(
      fc.property(long, (value) => {
        expect(bytesOf(kafkajsVarints.newEncoder().writeVarLong(value))).toEqual(kafkajsVarLong(value));
      }),
    );
  });

  it("encodes any record to kafkajs's own bytes, in a buffer of its exact size", () => {
    const kafkajsRecord = kafkajsRecordEncoder();
    fc.assert(
      fc.property(record, (fields) => {
        const ours = encodeRecord(fields);
        expect(kafkajsRecord).not.toBe(encodeRecord);
        expect(ours.buf.length).toBe(ours.offset);
        expect(bytesOf(ours)).toEqual(kafkajsRecord(fields).buffer);
      }),
      { numRuns: 500 },
    );
  });

  it('grows an encoder without zero-filling, to the same bytes as kafkajs', () => {
    const write = fc.oneof(
      fc.integer({ min: -128, max: 127 }).map((n) => ['writeInt8', n] as const),
      fc.integer().map((n) => ['writeInt32', n] as const),
      fc.string({ maxLength: 900 }).map((text) => ['writeString', text] as const),
      fc.uint8Array({ maxLength: 3000 }).map((bytes) => ['writeBytes', Buffer.from(bytes)] as const),
    );
    fc.assert(
      fc.property(fc.array(write, { maxLength: 12 }), (writes) => {
        const patched = kafkajsVarints.newEncoder() as unknown as Record<string, (value: unknown) => unknown>;
        const original = kafkajsVarints.newEncoder() as unknown as Record<
          string,
          (value: unknown) => unknown
        >;
        original.ensureAvailable = kafkajsVarints.ensureAvailable as (value: unknown) => unknown;
        for (const [method, value] of writes) {
          patched[method](value);
          original[method](value);
        }
        expect(patched.buffer).toEqual(original.buffer);
      }),
      { numRuns: 500 },
    );
  });

  it('produces records that read back with their keys, values, headers and timestamps', async () => {
    const kafka = createKafkaClient({
      brokers: testInfrastructure().kafkaBrokers,
      clientId: 'record-encoding-test',
    });
    const topic = uniqueTopic('record-encoding');
    await createTopic(kafka, topic, 1);
    const now = Date.now();
    const sent = Array.from({ length: 200 }, (_, i) => ({
      key: i % 5 === 0 ? null : `key-${String(i)}-é`,
      value: i % 7 === 0 ? Buffer.from([0, 255, i % 256]) : `value ${String(i)} ✓`.repeat(1 + (i % 4)),
      headers: { 'x-n': String(i), 'x-list': ['a', `b${String(i)}`] },
      // The first is 30 days old: the batch's timestamp deltas pass 2^31 ms.
      timestamp: String(i === 0 ? now - 30 * 86_400_000 : now + i),
    }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: sent });
    } finally {
      await producer.disconnect();
    }
    const received = (await readRawTopic(kafka, topic, sent.length, 30_000)).map(({ message }) => message);
    expect(
      received.map(({ key, value, headers, timestamp }) => ({
        key: key?.toString() ?? null,
        value,
        headers,
        timestamp,
      })),
    ).toEqual(
      sent.map(({ key, value, headers, timestamp }) => ({
        key,
        value: Buffer.from(value),
        headers: {
          'x-n': Buffer.from(headers['x-n']),
          'x-list': headers['x-list'].map((item) => Buffer.from(item)),
        },
        timestamp,
      })),
    );
  });
});
