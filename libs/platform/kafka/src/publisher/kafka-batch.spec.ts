import { chunkByBytes, MAX_REQUEST_BYTES, messageBytes, toTopicMessages } from './kafka-batch';

describe('toTopicMessages', () => {
  it('groups by topic in order and passes the messages themselves, not copies', () => {
    const a1 = { topic: 'a', key: '1', value: 'x', headers: { h: 'v' } };
    const b1 = { topic: 'b', key: null, value: null };
    const a2 = { topic: 'a', key: '2', value: Buffer.from('y') };
    const grouped = toTopicMessages([a1, b1, a2]);
    expect(grouped.map((group) => group.topic)).toEqual(['a', 'b']);
    expect(grouped[0]?.messages[0]).toBe(a1);
    expect(grouped[0]?.messages[1]).toBe(a2);
    expect(grouped[1]?.messages[0]).toBe(b1);
  });
});

describe('chunkByBytes', () => {
  const size = (n: number): number => n;

  it('keeps order and bounds every chunk', () => {
    const chunks = chunkByBytes([4, 4, 4, 4, 4], size, 10);
    expect(chunks).toEqual([[4, 4], [4, 4], [4]]);
  });

  it('puts an item larger than the bound in a chunk of its own', () => {
    expect(chunkByBytes([3, 50, 3], size, 10)).toEqual([[3], [50], [3]]);
  });

  it('splits a batch of large messages below the broker limit', () => {
    const message = { topic: 't', key: 'k', value: 'x'.repeat(10_000) };
    const chunks = chunkByBytes(Array(500).fill(message), messageBytes, MAX_REQUEST_BYTES);
    expect(chunks.flat()).toHaveLength(500);
    for (const chunk of chunks)
      expect(chunk.reduce((sum, m) => sum + messageBytes(m), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  });

  it('returns nothing for nothing', () => {
    expect(chunkByBytes([], size, 10)).toEqual([]);
  });
});
