import { ID_POOL, nextIdOffset } from './random-id-bytes';
import { uuidText } from './uuid-text';

/**
 * A version 7 UUID (RFC 9562 §5.7): the Unix time in milliseconds in its first 48 bits, then 74
 * random bits. Ids made close in time sort close together, so a B-tree index on them takes new
 * keys at its right edge (Postgres then skips the descent, and the pages it writes stay in cache)
 * where a random v4 UUID lands on any page of an index that outgrows memory. Used for the ids
 * of rows written at the rate of postbacks: postback log entries and conversions.
 * The clock is the wall clock: ids made in the same millisecond, or across a clock step back,
 * are not in order among themselves, which costs nothing here (they are unique, not a sequence).
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const at = nextIdOffset();
  ID_POOL.writeUIntBE(Math.max(0, Math.floor(now)) % 2 ** 48, at, 6);
  ID_POOL[at + 6] = (ID_POOL[at + 6] & 0x0f) | 0x70; // version 7
  ID_POOL[at + 8] = (ID_POOL[at + 8] & 0x3f) | 0x80; // variant 10
  return uuidText(ID_POOL, at);
}
