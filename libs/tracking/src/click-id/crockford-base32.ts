/**
 * Crockford base32 for exactly 128-bit values (26 characters, the top 2 bits of the first one zero).
 * The alphabet is in ASCII order, so string order equals numeric order.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ENCODED_128_LENGTH = 26;

const INVALID = -1;

/** charCode → 5-bit value, or INVALID. Case-insensitive; I/L → 1 and O → 0 as Crockford specifies. */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(INVALID);
  for (let value = 0; value < CROCKFORD_ALPHABET.length; value++) {
    const upper = CROCKFORD_ALPHABET.charCodeAt(value);
    table[upper] = value;
    table[CROCKFORD_ALPHABET.toLowerCase().charCodeAt(value)] = value;
  }
  for (const [alias, value] of [
    ['I', 1],
    ['L', 1],
    ['O', 0],
  ] as const) {
    table[alias.charCodeAt(0)] = value;
    table[alias.toLowerCase().charCodeAt(0)] = value;
  }
  return table;
})();

const ENCODE_TABLE = Buffer.from(CROCKFORD_ALPHABET, 'latin1');
const TEXT = Buffer.alloc(ENCODED_128_LENGTH);

/**
 * Encodes 16 bytes (big-endian) as 26 characters, one flat string: appended character by
 * character, it was a rope that JSON.stringify of every click event had to flatten first.
 */
export function encodeBase32x128(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('expected 16 bytes');
  // Two implicit leading zero bits make 130 bits = 26 × 5.
  let acc = 0;
  let bits = 2;
  let at = 0;
  for (let i = 0; i < 16; i++) {
    acc = ((acc << 8) | bytes[i]) & 0x1fff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      TEXT[at++] = ENCODE_TABLE[(acc >>> bits) & 31];
    }
  }
  return TEXT.toString('latin1', 0, ENCODED_128_LENGTH);
}

/**
 * Decodes 26 characters into `out` (16 bytes). Returns false on a wrong length, a character
 * outside the alphabet, or a value that does not fit in 128 bits (first character above 7).
 */
export function decodeBase32x128(input: string, out: Uint8Array): boolean {
  if (input.length !== ENCODED_128_LENGTH) return false;
  const first = valueAt(input, 0);
  if (first < 0 || first > 7) return false;
  let acc = first;
  let bits = 3;
  let byteIndex = 0;
  for (let i = 1; i < ENCODED_128_LENGTH; i++) {
    const value = valueAt(input, i);
    if (value < 0) return false;
    acc = ((acc << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[byteIndex++] = (acc >>> bits) & 0xff;
    }
  }
  return true;
}

function valueAt(input: string, index: number): number {
  const code = input.charCodeAt(index);
  return code < 128 ? DECODE_TABLE[code] : INVALID;
}
