import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 ids at a time: one call into the CSPRNG instead of one per id. */
const POOL_IDS = 256;

/**
 * Where ids take their random bytes (see nextIdOffset). Written over in place: a view of 16
 * bytes per id (`subarray`) was one more object per id, on every click and postback.
 */
export const ID_POOL = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

/**
 * The offset in ID_POOL of 16 fresh random bytes for one id, to be written over and formatted at
 * once: the next call (or the 256th after it) may hand out the same bytes again.
 */
export function nextIdOffset(): number {
  if (next === POOL_IDS) {
    randomFillSync(ID_POOL);
    next = 0;
  }
  return 16 * next++;
}
