/**
 * kafkajs 2.2.4 encodes a produce request through nested Encoders: the records, the record batch's
 * body, the batch, the batch with its offset, the partition, the topic, the request, the request
 * with its header, and that with its size. Each layer starts at 512 bytes, grows by doubling and
 * copies the layer below into itself: about sixteen copies of every byte, into fresh buffers the
 * kernel must fault in. Attribution publishes a conversion event per postback (requests of hundreds
 * of kilobytes); `npm run bench -- kafka-encoding` measured 5–8 µs per record for the request.
 *
 * Here the request is measured first and written once, into one buffer of its exact size, with
 * room in front for the request's header: the framing (`frameRequest`) writes the header there
 * instead of copying the payload behind it. The same bytes as kafkajs's (the tests compare them
 * for any request). A compressed request keeps kafkajs's own encoder.
 *
 * kafkajs's produce requests v4–v7 wrap v3's, and its connection keeps the framing it required
 * when it loaded: both are replaced in Node's module cache first (see replaceKafkajsModule).
 */
// First: the record batch's checksum, which this module takes, is the native one once it is installed.
import { Buffer } from 'node:buffer';
import './native-crc32c';
import { replaceKafkajsModule } from './kafkajs-module-cache';
import {
  Encoder,
  PRODUCE_REQUEST_MODULE,
  recordLayout,
  writeRecord,
  type KafkajsEncoder,
  type RecordLayout,
} from './record-encoding';

/** kafkajs's internal modules (pinned with kafkajs's version). */
export const REQUEST_FRAMING_MODULE = 'kafkajs/src/protocol/request';
const PRODUCE_V4_MODULE = 'kafkajs/src/protocol/requests/produce/v4/request';
const CONNECTION_MODULE = 'kafkajs/src/network/connection';
const CHECKSUM_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C';
const LONG_MODULE = 'kafkajs/src/utils/long';
const API_KEYS_MODULE = 'kafkajs/src/protocol/requests/apiKeys';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs's internals, as its produce request uses them */
// The checksum kafkajs's record batch uses: the native one when native-crc32c.ts replaced it first.
const crc32C = require(CHECKSUM_MODULE) as (input: Buffer) => number;
const Long = require(LONG_MODULE) as { fromInt(value: number): unknown };
/** Every batch of a produce request starts at offset 0 (the broker assigns the real ones). */
const FIRST_OFFSET = Long.fromInt(0);
const { Produce: PRODUCE_API_KEY } = require(API_KEYS_MODULE) as { Produce: number };
/* eslint-enable @typescript-eslint/no-require-imports */

const NO_COMPRESSION = 0;
const MAGIC_BYTE = 2;
const TRANSACTIONAL_MASK = 16;
/** The request header's bytes but the client id: size, api key, api version, correlation id, its length. */
const HEADER_BYTES_BUT_CLIENT_ID = 4 + 2 + 2 + 4 + 2;
/** Room left in front of a produce request's payload for its header (a client id up to 50 bytes). */
const HEADROOM = 64;
/** Marks an encoder whose buffer has HEADROOM free bytes in front of it, in the same memory. */
const HAS_HEADROOM = Symbol('clickledger.kafka.headroom');

/** A message as kafkajs's producer hands it to the produce request. */
export interface ProduceMessage {
  readonly key?: Buffer | string | null;
  readonly value?: Buffer | string | null;
  readonly headers?: RecordLayout['fields']['headers'];
  readonly timestamp?: string | number | null;
}

export interface ProducePartition {
  readonly partition: number;
  readonly firstSequence?: number;
  readonly messages: readonly ProduceMessage[];
}

export interface ProduceRequestArgs {
  readonly acks: number;
  readonly timeout: number;
  readonly transactionalId?: string | null;
  readonly producerId?: unknown;
  readonly producerEpoch?: number;
  readonly compression?: number;
  readonly topicData: readonly { readonly topic: string; readonly partitions: readonly ProducePartition[] }[];
}

export interface KafkajsRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly apiName: string;
  expectResponse(): boolean;
  encode(): Promise<KafkajsEncoder>;
}

type ProduceRequest = (args: ProduceRequestArgs) => KafkajsRequest;

/** One partition's record batch, measured. */
interface BatchLayout {
  readonly partition: number;
  readonly firstSequence: number;
  readonly firstTimestamp: unknown;
  readonly maxTimestamp: unknown;
  readonly records: readonly RecordLayout[];
  /** From the attributes to the last record: what the checksum covers. */
  readonly bodySize: number;
}

/** Produce request v3 (and, wrapped by kafkajs, v4–v7), written in one pass when uncompressed. */
export function produceRequest(args: ProduceRequestArgs): KafkajsRequest {
  if ((args.compression ?? NO_COMPRESSION) !== NO_COMPRESSION) return kafkajsProduceRequest(args);
  const { acks } = args;
  return {
    apiKey: PRODUCE_API_KEY,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => acks !== 0,
    encode: () => Promise.resolve(encodeProduce(args)),
  };
}

function encodeProduce({
  acks,
  timeout,
  transactionalId = null,
  producerId = Long.fromInt(-1),
  producerEpoch = 0,
  topicData,
}: ProduceRequestArgs): KafkajsEncoder {
  const topics = topicData.map(({ topic, partitions }) => ({
    topic,
    batches: partitions.map(batchLayout),
  }));
  let size = stringSize(transactionalId) + 2 + 4 + 4;
  for (const { topic, batches } of topics) {
    size += stringSize(topic) + 4;
    for (const batch of batches) size += 4 + 4 + recordBatchSize(batch);
  }

  const memory = Buffer.allocUnsafe(HEADROOM + size);
  const out = encoderOver(memory.subarray(HEADROOM), 0);
  out.writeString(transactionalId).writeInt16(acks).writeInt32(timeout).writeInt32(topics.length);
  const attributes = NO_COMPRESSION | (transactionalId ? TRANSACTIONAL_MASK : 0);
  for (const { topic, batches } of topics) {
    out.writeString(topic).writeInt32(batches.length);
    for (const batch of batches) {
      const batchBytes = 4 + 1 + 4 + batch.bodySize; // leader epoch, magic, checksum, body
      out
        .writeInt32(batch.partition)
        .writeInt32(recordBatchSize(batch))
        .writeInt64(FIRST_OFFSET)
        .writeInt32(batchBytes)
        .writeInt32(0) // partition leader epoch
        .writeInt8(MAGIC_BYTE);
      const checksumAt = out.offset;
      out.offset += 4;
      const bodyStart = out.offset;
      out
        .writeInt16(attributes)
        .writeInt32(batch.records.length - 1) // last offset delta
        .writeInt64(batch.firstTimestamp)
        .writeInt64(batch.maxTimestamp)
        .writeInt64(producerId)
        .writeInt16(producerEpoch)
        .writeInt32(batch.firstSequence)
        .writeInt32(batch.records.length);
      for (const record of batch.records) writeRecord(out, record);
      out.buf.writeUInt32BE(crc32C(out.buf.subarray(bodyStart, out.offset)), checksumAt);
    }
  }
  // Written past a size measured short, the encoder would have grown into another buffer.
  if (out.offset !== size)
    throw new Error(`produce request measured ${String(size)} bytes, wrote ${String(out.offset)}`);
  return Object.assign(out, { [HAS_HEADROOM]: true });
}

/**
 * A partition's records as kafkajs's produce request v3 makes them: the batch's first and largest
 * timestamps are the least and greatest of the messages' in `Array.prototype.sort`'s order (their
 * text), or now; each record's timestamp is a delta from the first.
 */
function batchLayout({ partition, firstSequence = 0, messages }: ProducePartition): BatchLayout {
  const now = Date.now();
  let first: unknown;
  let max: unknown;
  let firstText = '';
  let maxText = '';
  for (const { timestamp } of messages) {
    if (timestamp == null) continue;
    const text = String(timestamp);
    // A stable sort: the earliest of equal texts comes first, the latest last.
    if (first === undefined || text < firstText) [first, firstText] = [timestamp, text];
    if (max === undefined || text >= maxText) [max, maxText] = [timestamp, text];
  }
  const firstTimestamp = first ?? now;
  const records = messages.map((message, offsetDelta) =>
    // The fields named, not spread with two more after them: V8 defines each property written
    // after a spread through its runtime, a third of a microsecond per message.
    recordLayout({
      key: message.key,
      value: message.value,
      headers: message.headers,
      offsetDelta,
      // kafkajs's arithmetic, coercions included (timestamps are usually decimal strings).
      timestampDelta: ((message.timestamp || now) as number) - (firstTimestamp as number),
    }),
  );
  let bodySize = 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4; // attributes … first sequence, then the record count
  for (const record of records) bodySize += record.size;
  return { partition, firstSequence, firstTimestamp, maxTimestamp: max ?? now, records, bodySize };
}

/** `RecordBatch(...).size()`: first offset, length, leader epoch, magic, checksum, body. */
const recordBatchSize = (batch: BatchLayout): number => 8 + 4 + 4 + 1 + 4 + batch.bodySize;

/** kafkajs's writeString: an int16 length (-1 for null), then UTF-8. */
const stringSize = (value: string | null): number => 2 + (value === null ? 0 : Buffer.byteLength(value));

/** A kafkajs Encoder writing into `buf` from `offset`. */
function encoderOver(buf: Buffer, offset: number): KafkajsEncoder {
  const encoder = new Encoder(1);
  encoder.buf = buf;
  encoder.offset = offset;
  return encoder;
}

interface FramingArgs {
  readonly correlationId: number;
  /** kafkajs writes a missing one as a null string. */
  readonly clientId?: string | null;
  readonly request: Pick<KafkajsRequest, 'apiKey' | 'apiVersion' | 'encode'>;
}

/**
 * kafkajs's request framing (size, api key, api version, correlation id, client id, payload),
 * with the payload copied once into a buffer of the exact size; a produce request's payload is not
 * copied at all: its header is written into the room left in front of it.
 */
export async function frameRequest({
  correlationId,
  clientId,
  request: { apiKey, apiVersion, encode },
}: FramingArgs): Promise<KafkajsEncoder> {
  const payload = (await encode()) as KafkajsEncoder & { [HAS_HEADROOM]?: true };
  const headerBytes = HEADER_BYTES_BUT_CLIENT_ID + (clientId == null ? 0 : Buffer.byteLength(clientId));
  const body = payload.buffer;
  let framed: Buffer;
  if (payload[HAS_HEADROOM] === true && headerBytes <= HEADROOM) {
    framed = Buffer.from(body.buffer, body.byteOffset - headerBytes, headerBytes + body.length);
  } else {
    framed = Buffer.allocUnsafe(headerBytes + body.length);
    body.copy(framed, headerBytes);
  }
  encoderOver(framed, 0)
    .writeInt32(framed.length - 4)
    .writeInt16(apiKey)
    .writeInt16(apiVersion)
    .writeInt32(correlationId)
    .writeString(clientId ?? null);
  return encoderOver(framed, framed.length);
}

/** kafkajs's own produce request v3 (compressed requests go through it). */
let kafkajsProduceRequest: ProduceRequest = () => {
  throw new Error('kafkajs produce request not loaded');
};

const installed = install();

function install(): boolean {
  if (require.cache[require.resolve(CONNECTION_MODULE)] !== undefined) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's own, kept for compressed requests
  kafkajsProduceRequest = require(PRODUCE_REQUEST_MODULE) as ProduceRequest;
  return (
    replaceKafkajsModule(REQUEST_FRAMING_MODULE, frameRequest, CONNECTION_MODULE) &&
    replaceKafkajsModule(PRODUCE_REQUEST_MODULE, produceRequest, PRODUCE_V4_MODULE)
  );
}

/** Whether kafkajs's connections frame, and its producers encode, requests with this module. */
export function onePassProduceEncoding(): boolean {
  return installed;
}
