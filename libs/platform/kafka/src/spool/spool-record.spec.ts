import { crc32 } from 'node:zlib';
import type { OutgoingMessage } from '../kafka-message';
import { decodeFrames, encodeFrames, FRAME_HEADER_BYTES } from './spool-record';

const messages: OutgoingMessage[] = [
  { topic: 'clicks.recorded.v1', key: '01JD3ABCDEFGHJKMNPQRSTVWXY', value: '{"id":1}' },
  { topic: 'postbacks.rejected.v1', key: null, value: Buffer.from([0, 1, 2, 255]) },
  {
    topic: 'postbacks.received.v1',
    key: Buffer.from('k'),
    value: 'é ✓',
    headers: { 'x-correlation-id': 'abc', binary: Buffer.from([7]) },
  },
  { topic: 'campaigns.config.v1', key: 'campaign-key', value: null },
];

const normalized = (message: OutgoingMessage): unknown => ({
  topic: message.topic,
  key: message.key === null ? null : Buffer.from(message.key),
  value: message.value === null ? null : Buffer.from(message.value),
  headers: Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(value)]),
  ),
});

describe('spool record format', () => {
  it('round-trips topic, key (also null), value (also a null tombstone) and headers', () => {
    const data = encodeFrames(messages);
    const decoded = decodeFrames(data);
    expect(decoded.validBytes).toBe(data.length);
    expect(decoded.messages.map(normalized)).toEqual(messages.map(normalized));
  });

  it('ignores a torn last record at every possible cut point', () => {
    const data = encodeFrames(messages);
    const allButLast = encodeFrames(messages.slice(0, -1)).length;
    for (let cut = allButLast; cut < data.length; cut++) {
      const decoded = decodeFrames(data.subarray(0, cut));
      expect(decoded.messages).toHaveLength(messages.length - 1);
      expect(decoded.validBytes).toBe(allButLast);
    }
  });

  it('stops at a record whose checksum does not match', () => {
    const data = Buffer.from(encodeFrames(messages));
    const firstLength = encodeFrames(messages.slice(0, 1)).length;
    // Flip one bit in the second record's payload.
    const target = firstLength + FRAME_HEADER_BYTES + 3;
    data[target] = (data[target] ?? 0) ^ 0x01;
    const decoded = decodeFrames(data);
    expect(decoded.messages).toHaveLength(1);
    expect(decoded.validBytes).toBe(firstLength);
  });

  it('rejects a record with a valid checksum but a payload that does not parse', () => {
    const payload = Buffer.from([9, 9, 9]);
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    header.writeUInt32BE(payload.length, 0);
    header.writeUInt32BE(crc32(payload), 4);
    const data = Buffer.concat([encodeFrames(messages.slice(0, 1)), header, payload]);
    expect(decodeFrames(data).messages).toHaveLength(1);
  });

  it('reads an empty file as no records', () => {
    expect(decodeFrames(Buffer.alloc(0))).toEqual({ messages: [], validBytes: 0 });
  });
});
