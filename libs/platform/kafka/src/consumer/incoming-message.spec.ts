import type { KafkaMessage } from 'kafkajs';
import { toIncomingMessage } from './incoming-message';

describe('toIncomingMessage', () => {
  it("keeps every header as its first value's bytes, one named __proto__ as an own property", () => {
    const headers: KafkaMessage['headers'] = { 'x-correlation-id': ['a', 'b'], 'x-text': 'c' };
    Object.defineProperty(headers, '__proto__', { value: Buffer.from('d'), enumerable: true });
    const message = toIncomingMessage('topic', 2, {
      key: null,
      value: Buffer.from('{}'),
      headers,
      offset: '7',
      timestamp: '1',
      attributes: 0,
    });
    expect(Object.getPrototypeOf(message.headers)).toBe(Object.prototype);
    expect(Object.entries(message.headers)).toEqual([
      ['x-correlation-id', Buffer.from('a')],
      ['x-text', Buffer.from('c')],
      ['__proto__', Buffer.from('d')],
    ]);
  });
});
