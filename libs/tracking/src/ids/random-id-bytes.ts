import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 ids at a time: one call into the CSPRNG instead of one per id. */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

/**
 * 16 fresh random bytes for one id, to be written over and formatted at once: the next call (or
 * the 256th after it) may hand out the same memory again.
 */
export function randomIdBytes(): Buffer {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(16 * next, 16 * (next + 1));
  next++;
  return bytes;
}
