import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';
import { ClickIdTagger } from './click-id-tag';
import { decodeBase32x128, encodeBase32x128 } from './crockford-base32';

/** Outcome of reading a click ID: the canonical (upper-case) ID and its time, or why not. */
export type ClickIdResult =
  | { readonly ok: true; readonly clickId: string; readonly timestampMs: number }
  | { readonly ok: false; readonly reason: 'invalid-click-id' };

export const MAX_CLICK_ID_TIMESTAMP_MS = 2 ** 48 - 1;

/** Secrets shorter than this would make the 32-bit tag forgeable by guessing the secret. */
export const MIN_CLICK_ID_SECRET_BYTES = 16;

const TIME_BYTES = 6;
const RANDOM_BYTES = 6;
const SIGNED_BYTES = TIME_BYTES + RANDOM_BYTES;
const RANDOM_POOL_BYTES = RANDOM_BYTES * 1024;

const INVALID: ClickIdResult = { ok: false, reason: 'invalid-click-id' };

/**
 * Click IDs (CONTRACT §2): 48-bit Unix ms | 48 CSPRNG bits | 32-bit truncated HMAC-SHA256 tag of
 * the first 96 bits, as 26 Crockford base32 characters. Generates with the first (newest) secret
 * and verifies against every secret, so a secret can be rotated without rejecting older clicks.
 *
 * Not re-entrant across async boundaries by design: it keeps one scratch buffer and one random
 * pool per instance, which is safe because every method is synchronous.
 */
export class ClickIdCodec {
  private readonly taggers: readonly ClickIdTagger[];
  private readonly scratch = Buffer.alloc(16);
  /** Where a new ID's bytes are put together: encoded into its text at once, so reused. */
  private readonly newIdBytes = Buffer.alloc(16);
  private readonly randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
  private randomOffset = RANDOM_POOL_BYTES;

  constructor(secrets: readonly (string | Uint8Array)[]) {
    if (secrets.length === 0) throw new Error('ClickIdCodec needs at least one secret');
    this.taggers = secrets.map((secret, index) => {
      const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
      if (key.length < MIN_CLICK_ID_SECRET_BYTES) {
        throw new Error(`click ID secret #${index + 1} is shorter than ${MIN_CLICK_ID_SECRET_BYTES} bytes`);
      }
      return new ClickIdTagger(key);
    });
  }

  /** A new click ID stamped with `nowMs` (default: the current time). */
  generate(nowMs: number = Date.now()): string {
    if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_CLICK_ID_TIMESTAMP_MS) {
      throw new RangeError(`click ID timestamp out of range: ${nowMs}`);
    }
    const bytes = this.newIdBytes;
    writeTimestamp(bytes, nowMs);
    this.fillRandom(bytes);
    bytes.writeUInt32BE(this.taggers[0].tag(bytes), SIGNED_BYTES);
    return encodeBase32x128(bytes);
  }

  /** Structural check only (alphabet, length, 128-bit range); the tag is not checked. */
  parse(input: string): ClickIdResult {
    return parseClickId(input);
  }

  /** Parses and checks the tag against every configured secret, in constant time per secret. */
  verify(input: string): ClickIdResult {
    const bytes = this.scratch;
    if (!decodeBase32x128(input, bytes)) return INVALID;
    const tag = bytes.readUInt32BE(SIGNED_BYTES);
    for (const tagger of this.taggers) {
      if (tagMatches(tagger.tag(bytes), tag)) {
        return { ok: true, clickId: canonical(input), timestampMs: readTimestamp(bytes) };
      }
    }
    return INVALID;
  }

  private fillRandom(bytes: Buffer): void {
    // One CSPRNG call per 1024 IDs instead of one per ID: the syscall dominates otherwise.
    if (this.randomOffset + RANDOM_BYTES > RANDOM_POOL_BYTES) {
      randomFillSync(this.randomPool);
      this.randomOffset = 0;
    }
    this.randomPool.copy(bytes, TIME_BYTES, this.randomOffset, this.randomOffset + RANDOM_BYTES);
    this.randomOffset += RANDOM_BYTES;
  }
}

/** Compares all 32 bits at once (XOR), so timing does not reveal how many bytes matched. */
function tagMatches(expected: number, actual: number): boolean {
  return ((expected ^ actual) | 0) === 0;
}

function writeTimestamp(bytes: Buffer, ms: number): void {
  bytes.writeUIntBE(ms, 0, TIME_BYTES);
}

function readTimestamp(bytes: Buffer): number {
  return bytes.readUIntBE(0, TIME_BYTES);
}

const ALIASES = /[ILO]/g;
const ALIAS_TARGET: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };

/** Upper-case with Crockford aliases resolved: one spelling per ID. */
function canonical(input: string): string {
  const upper = input.toUpperCase();
  return upper.includes('I') || upper.includes('L') || upper.includes('O')
    ? upper.replace(ALIASES, (c) => ALIAS_TARGET[c] ?? c)
    : upper;
}

const PARSE_SCRATCH = Buffer.alloc(16);

/**
 * Structural check of a click ID (alphabet, length, 128-bit range) and its time, without the tag:
 * for readers that trust the source (e.g. an already verified event) and need no secret.
 */
export function parseClickId(input: string): ClickIdResult {
  if (!decodeBase32x128(input, PARSE_SCRATCH)) return INVALID;
  return { ok: true, clickId: canonical(input), timestampMs: readTimestamp(PARSE_SCRATCH) };
}
