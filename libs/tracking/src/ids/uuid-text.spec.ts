import fc from 'fast-check';
import { uuidText } from './uuid-text';

const formatted = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

describe('uuidText', () => {
  it('writes any 16 bytes as the canonical lowercase text, at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 40 }), fc.nat(24), (bytes, start) => {
        const offset = Math.min(start, bytes.length - 16);
        const hex = Buffer.from(bytes.subarray(offset, offset + 16)).toString('hex');
        expect(uuidText(bytes, offset)).toBe(formatted(hex));
      }),
      { numRuns: 20_000 },
    );
  });

  it('returns a new string each time, not a view of a reused buffer', () => {
    const first = uuidText(new Uint8Array(16).fill(0xab));
    uuidText(new Uint8Array(16).fill(0x01));
    expect(first).toBe('abababab-abab-abab-abab-abababababab');
  });
});
