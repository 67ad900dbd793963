/**
 * kafkajs 2.2.4 decodes every fetched record with more allocation than its bytes need:
 * - the timestamp delta is read through Long objects, two or three per byte;
 * - the record's offset and timestamp are each a Long built from the batch's first one (a decimal
 *   string), added to and printed back;
 * - its headers are folded into an object by spreading the object so far once per header.
 * Attribution reads a postback per record: heap sampling put this among the largest allocations of
 * its batch. Here the same fields are read with plain numbers while they are exact (any delta within
 * 2^48 and any offset or timestamp below 2^53: the Long path takes the rest) and the headers go into
 * one object.
 *
 * One difference, on purpose: kafkajs looked a header's name up in an ordinary object, inherited
 * properties included, so a header named `constructor` or `toString` came out as
 * `[function, value]`. Here a header is its own values, one named `__proto__` too. (The headers
 * object keeps its prototype: a prototype-less object is a slow dictionary in V8, and costs more
 * than all the Longs saved.)
 *
 * kafkajs's record batch decoder keeps the record decoder it required when its module loaded: this
 * one replaces it in Node's module cache first (see replaceKafkajsModule).
 */
import { replaceKafkajsModule } from './kafkajs-module-cache';
import { ownEntry } from '@clickledger/tracking';

/** The part of kafkajs's internal Decoder this module uses. */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntString(): string | null;
  readVarLong(): { toString(): string };
}

/** What kafkajs's record batch decoder passes to the record decoder. */
export interface RecordBatchContext {
  readonly firstOffset?: string;
  readonly firstTimestamp?: string;
  readonly magicByte?: number;
  readonly isControlBatch?: boolean;
  readonly timestampType?: number;
  readonly maxTimestamp?: string;
}

type HeaderValue = Buffer | null;

/** A record as kafkajs 2.2.4's record v0 decoder returns it. */
export interface DecodedRecord {
  readonly magicByte: number | undefined;
  readonly attributes: number;
  readonly timestamp: string;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, HeaderValue | HeaderValue[]>;
  readonly isControlRecord: boolean;
  readonly batchContext: RecordBatchContext;
}

/** kafkajs's internal modules (pinned with kafkajs's version). */
export const RECORD_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/decoder';
/** The kafkajs module that takes the record decoder when it loads. */
const RECORD_BATCH_DECODER_MODULE = 'kafkajs/src/protocol/recordBatch/v0/decoder';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal module, for the Long path
const Long = require('kafkajs/src/utils/long') as {
  fromValue(value: string): { add(other: unknown): { toString(): string } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal constants
const TimestampTypes = require('kafkajs/src/protocol/timestampTypes') as { LOG_APPEND_TIME: number };

/** 7 bytes of LEB128 carry 49 bits: their zigzag value, ±2^48, is exact in a double. */
const EXACT_VARLONG_BYTES = 7;

/**
 * A zigzag varlong as a number when it fits 7 bytes, else undefined and the decoder where it was:
 * kafkajs's Long reader then reads it.
 */
function readSmallVarLong(decoder: KafkajsDecoder): number | undefined {
  const { buffer } = decoder;
  let at = decoder.offset;
  let value = 0;
  let scale = 1;
  for (let bytes = 0; bytes < EXACT_VARLONG_BYTES; bytes++) {
    const byte = buffer[at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      decoder.offset = at;
      // Zigzag: even values are the non-negative ones.
      return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    }
    scale *= 128;
  }
  return undefined;
}

/** `first + delta` as kafkajs prints it (a decimal string), with numbers while they are exact. */
function plus(first: string, delta: number | { toString(): string }): string {
  if (typeof delta === 'number') {
    const base = first === '' ? NaN : Number(first);
    if (Number.isSafeInteger(base) && Number.isSafeInteger(base + delta)) return String(base + delta);
  }
  return Long.fromValue(first).add(delta).toString();
}

function readHeaders(decoder: KafkajsDecoder): Record<string, HeaderValue | HeaderValue[]> {
  const headers: Record<string, HeaderValue | HeaderValue[]> = {};
  const count = decoder.readVarInt();
  // -1 is no headers, as in kafkajs. A header takes two bytes at least: a count the rest of the
  // record cannot hold is malformed bytes (kafkajs would loop through it, reading past the end).
  if (count < -1 || count * 2 > decoder.buffer.length - decoder.offset)
    throw new RangeError(`invalid header count ${String(count)}`);
  for (let i = 0; i < count; i++) {
    // A null key (length -1) is kafkajs's key "null" too: it used the value as a property name.
    const key = String(decoder.readVarIntString());
    const value = decoder.readVarIntBytes();
    const current = Object.hasOwn(headers, key) ? headers[key] : undefined;
    const values =
      current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
    ownEntry(headers, key, values);
  }
  return headers;
}

/** One record, as kafkajs 2.2.4's record v0 decoder reads it. */
export function decodeRecord(decoder: KafkajsDecoder, batchContext: RecordBatchContext = {}): DecodedRecord {
  const {
    firstOffset = '0',
    firstTimestamp = '0',
    magicByte,
    isControlBatch = false,
    timestampType,
    maxTimestamp,
  } = batchContext;
  const attributes = decoder.readInt8();
  const timestampDelta = readSmallVarLong(decoder) ?? decoder.readVarLong();
  const timestamp =
    timestampType === TimestampTypes.LOG_APPEND_TIME && maxTimestamp
      ? maxTimestamp
      : plus(firstTimestamp, timestampDelta);
  const offset = plus(firstOffset, decoder.readVarInt());
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headers = readHeaders(decoder);
  return {
    magicByte,
    attributes, // unused by Kafka so far, as kafkajs notes
    timestamp,
    offset,
    key,
    value,
    headers,
    isControlRecord: isControlBatch,
    batchContext,
  };
}

const installed = replaceKafkajsModule(RECORD_DECODER_MODULE, decodeRecord, RECORD_BATCH_DECODER_MODULE);

/** Whether kafkajs's record batch decoder reads records with `decodeRecord` in this process. */
export function compactRecordDecoding(): boolean {
  return installed;
}
