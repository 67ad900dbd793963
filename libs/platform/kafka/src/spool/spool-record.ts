import { crc32 } from 'node:zlib';
import type { OutgoingMessage } from '../kafka-message';

/**
 * Spool record format. Each record is a frame:
 *
 *   u32 payloadLength | u32 crc32(payload) | payload
 *   payload = u8 version | u16 topicLength | topic | i32 keyLength (-1: null) | key
 *             | i32 valueLength (-1: null, a tombstone) | value | u16 headerCount | (u16 nameLength | name | u32 length | value)*
 *
 * Integers are big-endian. A crash while appending can leave a torn last frame: it is detected by
 * its length running past the end of the file or by a checksum mismatch, and ignored.
 */
export const FRAME_HEADER_BYTES = 8;
const FORMAT_VERSION = 1;

const toBuffer = (value: string | Buffer): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : value;

export function encodePayload(message: OutgoingMessage): Buffer {
  const topic = Buffer.from(message.topic, 'utf8');
  const key = message.key === null ? null : toBuffer(message.key);
  const value = message.value === null ? null : toBuffer(message.value);
  const headers = Object.entries(message.headers ?? {}).map(
    ([name, headerValue]) => [Buffer.from(name, 'utf8'), toBuffer(headerValue)] as const,
  );
  let size = 1 + 2 + topic.length + 4 + (key?.length ?? 0) + 4 + (value?.length ?? 0) + 2;
  for (const [name, headerValue] of headers) size += 2 + name.length + 4 + headerValue.length;

  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(FORMAT_VERSION, 0);
  at = out.writeUInt16BE(topic.length, at);
  at += topic.copy(out, at);
  at = out.writeInt32BE(key === null ? -1 : key.length, at);
  if (key !== null) at += key.copy(out, at);
  // Lengths stay far below 2^31 (messages are bounded), so older u32 records read the same.
  at = out.writeInt32BE(value === null ? -1 : value.length, at);
  if (value !== null) at += value.copy(out, at);
  at = out.writeUInt16BE(headers.length, at);
  for (const [name, headerValue] of headers) {
    at = out.writeUInt16BE(name.length, at);
    at += name.copy(out, at);
    at = out.writeUInt32BE(headerValue.length, at);
    at += headerValue.copy(out, at);
  }
  return out;
}

export function decodePayload(payload: Buffer): OutgoingMessage {
  let at = 0;
  const take = (length: number): Buffer => {
    if (at + length > payload.length) throw new RangeError('spool payload is truncated');
    const slice = payload.subarray(at, at + length);
    at += length;
    return slice;
  };
  const version = take(1).readUInt8(0);
  if (version !== FORMAT_VERSION) throw new RangeError(`unknown spool record version ${String(version)}`);
  const topic = take(take(2).readUInt16BE(0)).toString('utf8');
  const keyLength = take(4).readInt32BE(0);
  const key = keyLength < 0 ? null : Buffer.from(take(keyLength));
  const valueLength = take(4).readInt32BE(0);
  const value = valueLength < 0 ? null : Buffer.from(take(valueLength));
  const headerCount = take(2).readUInt16BE(0);
  const headers: Record<string, Buffer> = {};
  for (let i = 0; i < headerCount; i++) {
    const name = take(take(2).readUInt16BE(0)).toString('utf8');
    headers[name] = Buffer.from(take(take(4).readUInt32BE(0)));
  }
  return headerCount > 0 ? { topic, key, value, headers } : { topic, key, value };
}

/** Frames a batch of messages into one buffer, written with a single write + fsync. */
export function encodeFrames(messages: readonly OutgoingMessage[]): Buffer {
  const frames: Buffer[] = [];
  for (const message of messages) {
    const payload = encodePayload(message);
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    header.writeUInt32BE(payload.length, 0);
    header.writeUInt32BE(crc32(payload), 4);
    frames.push(header, payload);
  }
  return Buffer.concat(frames);
}

export interface DecodedFrames {
  readonly messages: OutgoingMessage[];
  /** Bytes up to the end of the last intact frame; anything after it is a torn or corrupt tail. */
  readonly validBytes: number;
}

/** Reads intact frames from the start and stops at the first torn or corrupt one. */
export function decodeFrames(data: Buffer): DecodedFrames {
  const messages: OutgoingMessage[] = [];
  let at = 0;
  while (at + FRAME_HEADER_BYTES <= data.length) {
    const length = data.readUInt32BE(at);
    const checksum = data.readUInt32BE(at + 4);
    const end = at + FRAME_HEADER_BYTES + length;
    if (end > data.length) break;
    const payload = data.subarray(at + FRAME_HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    try {
      messages.push(decodePayload(payload));
    } catch {
      break; // a checksum collision on garbage: treat it like any corrupt frame
    }
    at = end;
  }
  return { messages, validBytes: at };
}
