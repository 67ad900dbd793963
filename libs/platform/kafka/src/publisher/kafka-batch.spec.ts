import { chunkByBytes, MAX_REQUEST_BYTES, messageBytes } from './kafka-batch';

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
