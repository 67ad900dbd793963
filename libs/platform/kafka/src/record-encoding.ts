/**
 * kafkajs 2.2.4 encodes a produced record with more allocation than its bytes need:
 * - every varint (the record's length, offset and timestamp deltas, the key's and value's lengths,
 *   every header's key and value lengths) is pushed into an array, copied into a Buffer.from, then
 *   copied again; the timestamp delta goes through Long objects byte by byte;
 * - every record and every header gets an Encoder of its own: a zero-filled 512-byte buffer, grown by
 *   doubling when a record is longer, then copied into the record.
 * Attribution publishes a conversion event per postback and the ingress a postback per request:
 * heap sampling put this among the largest allocations of attribution's batch. Here varints are
 * written in place (the timestamp delta too, when it fits 32 bits, as it does for any batch of less
 * than 24 days) and a record is written into one Encoder of its exact size, headers inline: the same
 * bytes (the tests compare them with kafkajs's own encoding).
 *
 * kafkajs's produce request keeps the record encoder it required when its module loaded: this one
 * replaces it in Node's module cache first (see replaceKafkajsModule). The Encoder's varint
 * writers are patched on its prototype.
 */
import { Buffer } from 'node:buffer';
import { replaceKafkajsModule } from './kafkajs-module-cache';

/** The part of kafkajs's internal Encoder this module uses. */
export interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  // A property, not a method: this module replaces it.
  ensureAvailable: (this: KafkajsEncoder, length: number) => void;
  readonly buffer: Buffer;
  writeInt8(value: number): this;
  writeInt16(value: number): this;
  writeInt32(value: number): this;
  /** A number, a decimal string or a Long, as kafkajs's Long.fromValue reads it. */
  writeInt64(value: unknown): this;
  writeString(value: string | null): this;
  writeVarInt(value: number): this;
  // Properties, not methods: this module takes and replaces them.
  writeUVarInt: (this: KafkajsEncoder, value: number) => KafkajsEncoder;
  writeVarLong: (this: KafkajsEncoder, value: unknown) => KafkajsEncoder;
  writeVarIntString(value: string): this;
  writeVarIntBytes(value: unknown): this;
}

export interface KafkajsEncoderClass {
  new (initialSize?: number): KafkajsEncoder;
  prototype: KafkajsEncoder;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong: (value: unknown) => number;
  sizeOfVarIntBytes(value: unknown): number;
  nextPowerOfTwo(value: number): number;
}

/** A record as kafkajs's produce request hands it to the record encoder. */
export interface RecordFields {
  readonly offsetDelta?: number;
  readonly timestampDelta?: number;
  readonly key?: Buffer | string | null;
  readonly value?: Buffer | string | null;
  readonly headers?: Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>;
}

/** kafkajs's internal modules (pinned with kafkajs's version). */
const ENCODER_MODULE = 'kafkajs/src/protocol/encoder';
export const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0';
/** The kafkajs module that takes the record encoder when it loads: produce request v3. */
export const PRODUCE_REQUEST_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal class, to patch
export const Encoder = require(ENCODER_MODULE) as KafkajsEncoderClass;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const isInt32 = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;

/** An unsigned LEB128 varint of a 32-bit value, written in place (1 to 5 bytes). */
function writeUVarIntInPlace(this: KafkajsEncoder, value: number): KafkajsEncoder {
  let size = 1;
  for (let rest = value; (rest & 0xffffff80) !== 0; rest >>>= 7) size++;
  this.ensureAvailable(size);
  let rest = value;
  while ((rest & 0xffffff80) !== 0) {
    this.buf[this.offset++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  this.buf[this.offset++] = rest & 0x7f;
  return this;
}

/**
 * kafkajs grows an Encoder by doubling into a zero-filled buffer. A produce request of a batch
 * goes through five of them (records, record batch, partition, topic, request), each grown from
 * 512 bytes and each zero-filling about twice the request's size: megabytes per request. Nothing
 * reads past `offset` (`buffer` is the slice up to it; every write moves it), so the new space need
 * not be zeroed.
 */
function ensureAvailableUnzeroed(this: KafkajsEncoder, length: number): void {
  if (this.offset + length <= this.buf.length) return;
  const grown = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
  this.buf.copy(grown, 0, 0, this.offset);
  this.buf = grown;
}

/**
 * Zigzag-64 of a value within 32 bits is its zigzag-32 read unsigned, and LEB128 writes it in the
 * same bytes: such values take the varint path; larger ones (and Longs) kafkajs's own.
 */
function patchVarLong(): void {
  const { writeVarLong } = Encoder.prototype;
  const { sizeOfVarLong } = Encoder;
  Encoder.prototype.writeVarLong = function (this: KafkajsEncoder, value: unknown) {
    return isInt32(value) ? this.writeVarInt(value) : writeVarLong.call(this, value);
  };
  Encoder.sizeOfVarLong = (value: unknown) =>
    isInt32(value) ? Encoder.sizeOfVarInt(value) : sizeOfVarLong.call(Encoder, value);
}

/** A header list as kafkajs builds it: an array value becomes one header per element. */
function headerList(headers: NonNullable<RecordFields['headers']>): { key: string; value: unknown }[] {
  const list: { key: string; value: unknown }[] = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (Array.isArray(value)) for (const item of value as unknown[]) list.push({ key, value: item });
    else list.push({ key, value });
  }
  return list;
}

/** A record measured: its header list and sizes, so it can be written where a buffer has room. */
export interface RecordLayout {
  readonly fields: RecordFields;
  readonly headers: readonly { readonly key: string; readonly value: unknown }[];
  /** The record's bytes after its length varint. */
  readonly bodySize: number;
  /** Every byte of it: the length varint and the body. */
  readonly size: number;
}

/** The sizes of one record as kafkajs 2.2.4's record v0 encodes it. */
export function recordLayout(fields: RecordFields): RecordLayout {
  const { offsetDelta = 0, timestampDelta = 0, key, value, headers = {} } = fields;
  const list = headerList(headers);
  let headersSize = Encoder.sizeOfVarInt(list.length);
  for (const header of list) {
    const keySize = Buffer.byteLength(header.key);
    headersSize += Encoder.sizeOfVarInt(keySize) + keySize;
    // kafkajs sizes a null header value as a -1 length, and writes it so.
    headersSize += header.value === null ? Encoder.sizeOfVarInt(-1) : Encoder.sizeOfVarIntBytes(header.value);
  }
  const bodySize =
    1 + // attributes
    Encoder.sizeOfVarLong(timestampDelta) +
    Encoder.sizeOfVarInt(offsetDelta) +
    Encoder.sizeOfVarIntBytes(key) +
    Encoder.sizeOfVarIntBytes(value) +
    headersSize;
  return { fields, headers: list, bodySize, size: bodySize + Encoder.sizeOfVarInt(bodySize) };
}

/** Writes a measured record at the encoder's offset (which grows its buffer should a size be off). */
export function writeRecord(encoder: KafkajsEncoder, { fields, headers, bodySize }: RecordLayout): void {
  const { offsetDelta = 0, timestampDelta = 0, key, value } = fields;
  encoder
    .writeVarInt(bodySize)
    .writeInt8(0) // no record attributes
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarInt(headers.length);
  for (const header of headers) encoder.writeVarIntString(header.key).writeVarIntBytes(header.value);
}

/** One record, as kafkajs 2.2.4's record v0 encodes it, into one Encoder of its exact size. */
export function encodeRecord(fields: RecordFields): KafkajsEncoder {
  const layout = recordLayout(fields);
  const encoder = new Encoder(1);
  // Every byte of it is written (the Encoder grows should a size be off): no zero-fill.
  encoder.buf = Buffer.allocUnsafe(layout.size);
  writeRecord(encoder, layout);
  return encoder;
}

/** kafkajs's own varint writers, as they were before this module patched them (for the tests). */
export const kafkajsVarints = {
  writeUVarInt: Encoder.prototype.writeUVarInt,
  writeVarLong: Encoder.prototype.writeVarLong,
  ensureAvailable: Encoder.prototype.ensureAvailable,
  newEncoder: (): KafkajsEncoder => new Encoder(),
};

const installed = install();

function install(): boolean {
  Encoder.prototype.writeUVarInt = writeUVarIntInPlace;
  Encoder.prototype.ensureAvailable = ensureAvailableUnzeroed;
  patchVarLong();
  return replaceKafkajsModule(RECORD_MODULE, encodeRecord, PRODUCE_REQUEST_MODULE);
}

/** Whether kafkajs's produce request encodes records with `encodeRecord` in this process. */
export function exactSizeRecordEncoding(): boolean {
  return installed;
}
