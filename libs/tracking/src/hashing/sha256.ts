import { BLOCK_BYTES, compress, INITIAL_STATE, readWord, writeWord } from './sha256-compression';

const encoder = new TextEncoder();
const state = new Int32Array(8);
const words = new Int32Array(64);
let message = new Uint8Array(4 * BLOCK_BYTES);

/**
 * SHA-256 of a text's UTF-8 bytes (a lone surrogate as U+FFFD, as node:crypto encodes it) into
 * `digest[0..32)`: the same bytes as `hash('sha256', text)`, without a native call per digest
 * (see sha256-compression). For short texts hashed per event; not constant-time, so not for secrets.
 */
export function sha256OfText(text: string, digest: Uint8Array): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit, and the padding at most one block more.
  const room = 3 * text.length + 2 * BLOCK_BYTES;
  if (message.length < room) message = new Uint8Array(room);
  const length = utf8Into(text, message);
  // Padding (FIPS 180-4 §5.1.1): 0x80, zeros, then the length in bits as a 64-bit big-endian integer.
  const end = Math.ceil((length + 9) / BLOCK_BYTES) * BLOCK_BYTES;
  message[length] = 0x80;
  message.fill(0, length + 1, end - 8);
  const bits = length * 8;
  writeWord(message, end - 8, Math.floor(bits / 0x1_0000_0000));
  writeWord(message, end - 4, bits);
  state.set(INITIAL_STATE);
  for (let block = 0; block < end; block += BLOCK_BYTES) {
    for (let i = 0; i < 16; i++) words[i] = readWord(message, block + 4 * i);
    compress(state, words);
  }
  for (let i = 0; i < 8; i++) writeWord(digest, 4 * i, state[i]);
  return digest;
}

/** UTF-8 of `text` at `into[0…]`; its length. ASCII byte by byte, anything else by TextEncoder. */
function utf8Into(text: string, into: Uint8Array): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return encoder.encodeInto(text, into).written;
    into[i] = code;
  }
  return text.length;
}
