import { ID_POOL, nextIdOffset } from './random-id-bytes';
import { uuidText } from './uuid-text';

/**
 * A version 4 UUID (RFC 9562 §5.4), as `crypto.randomUUID()` makes one, but as one flat string:
 * Node's is a rope of hex pieces. JSON.stringify of an event whose id (or click ID) was a rope
 * took 0.8–1.6 µs longer (flattening it, off its fast path): for the envelope ids and correlation
 * ids of every click and postback.
 */
export function randomUuid(): string {
  const at = nextIdOffset();
  ID_POOL[at + 6] = (ID_POOL[at + 6] & 0x0f) | 0x40; // version 4
  ID_POOL[at + 8] = (ID_POOL[at + 8] & 0x3f) | 0x80; // variant 10
  return uuidText(ID_POOL, at);
}
