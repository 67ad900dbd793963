import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { ClickIdCodec, MAX_CLICK_ID_TIMESTAMP_MS, parseClickId } from './click-id.codec';
import { CROCKFORD_ALPHABET, decodeBase32x128, encodeBase32x128 } from './crockford-base32';

const SECRET = 'current-secret-0123456789abcdef';
const OLD_SECRET = 'previous-secret-0123456789abcdef';
const codec = new ClickIdCodec([SECRET]);
const timestamp = fc.integer({ min: 0, max: MAX_CLICK_ID_TIMESTAMP_MS });

describe('crockford base32 (128 bits)', () => {
  it('round-trips any 16 bytes and keeps byte order as string order', () => {
    const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(bytes16, bytes16, (a, b) => {
        const out = new Uint8Array(16);
        const encodedA = encodeBase32x128(a);
        expect(encodedA).toHaveLength(26);
        expect(decodeBase32x128(encodedA, out)).toBe(true);
        expect(Buffer.from(out).equals(Buffer.from(a))).toBe(true);
        const byBytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const encodedB = encodeBase32x128(b);
        const byString = encodedA < encodedB ? -1 : encodedA > encodedB ? 1 : 0;
        expect(byString).toBe(byBytes);
      }),
    );
  });

  it('writes the 128-bit number in base 32, most significant digit first, a new string each time', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
        let expected = '';
        for (let i = 0; i < 26; i++) {
          expected = CROCKFORD_ALPHABET[Number(value % 32n)] + expected;
          value /= 32n;
        }
        const encoded = encodeBase32x128(bytes);
        encodeBase32x128(new Uint8Array(16));
        expect(encoded).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it('encodes all-ones as 7ZZZ… and rejects a first character above 7 (overflow past 128 bits)', () => {
    const ones = encodeBase32x128(new Uint8Array(16).fill(255));
    expect(ones).toBe(`7${'Z'.repeat(25)}`);
    expect(decodeBase32x128(`8${'0'.repeat(25)}`, new Uint8Array(16))).toBe(false);
    expect(decodeBase32x128(`Z${'0'.repeat(25)}`, new Uint8Array(16))).toBe(false);
  });
});

describe('ClickIdCodec', () => {
  it('generates 26 Crockford characters that verify and carry their timestamp', () => {
    fc.assert(
      fc.property(timestamp, (ms) => {
        const id = codec.generate(ms);
        expect(id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
        expect(codec.verify(id)).toEqual({ ok: true, clickId: id, timestampMs: ms });
        expect(parseClickId(id)).toEqual({ ok: true, clickId: id, timestampMs: ms });
      }),
    );
  });

  it('tags with truncated HMAC-SHA256 of the first 96 bits', () => {
    const id = codec.generate(1_700_000_000_000);
    const bytes = Buffer.alloc(16);
    decodeBase32x128(id, bytes);
    const expected = createHmac('sha256', SECRET).update(bytes.subarray(0, 12)).digest().subarray(0, 4);
    expect(bytes.subarray(12).equals(expected)).toBe(true);
    expect(bytes.readUIntBE(0, 6)).toBe(1_700_000_000_000);
  });

  it('sorts by time when sorted as strings', () => {
    fc.assert(
      fc.property(fc.array(timestamp, { minLength: 2, maxLength: 50 }), (times) => {
        const ids = times.map((ms) => codec.generate(ms));
        const sortedTimes = [...ids].sort().map((id) => codec.verify(id));
        for (let i = 1; i < sortedTimes.length; i++) {
          const previous = sortedTimes[i - 1];
          const current = sortedTimes[i];
          if (!previous.ok || !current.ok) throw new Error('generated ID failed to verify');
          expect(previous.timestampMs).toBeLessThanOrEqual(current.timestampMs);
        }
      }),
    );
  });

  it('never repeats within one millisecond (48 random bits)', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => codec.generate(1_700_000_000_000)));
    expect(ids.size).toBe(20_000);
  });

  it('accepts lower case and the Crockford aliases I, L → 1 and O → 0, returning the canonical ID', () => {
    const id = codec.generate(1_700_000_000_000);
    expect(codec.verify(id.toLowerCase())).toMatchObject({ ok: true, clickId: id });
    const withOnes = [...Array(200).keys()]
      .map(() => codec.generate())
      .find((candidate) => /[10]/.test(candidate))!;
    const aliased = withOnes.replace(/1/g, () => (Math.random() < 0.5 ? 'I' : 'l')).replace(/0/g, 'o');
    expect(codec.verify(aliased)).toMatchObject({ ok: true, clickId: withOnes });
  });

  it('fails verification for every single-character change of a valid ID', () => {
    fc.assert(
      fc.property(timestamp, fc.nat(25), fc.nat(31), (ms, position, alphabetIndex) => {
        const id = codec.generate(ms);
        const replacement = CROCKFORD_ALPHABET[alphabetIndex];
        fc.pre(replacement !== id[position]);
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(codec.verify(changed)).toEqual({ ok: false, reason: 'invalid-click-id' });
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively rejects all 25 × 31 one-character variants of one ID', () => {
    const id = codec.generate(1_700_000_000_000);
    let accepted = 0;
    for (let position = 0; position < 26; position++) {
      for (const replacement of CROCKFORD_ALPHABET) {
        if (replacement === id[position]) continue;
        if (codec.verify(id.slice(0, position) + replacement + id.slice(position + 1)).ok) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('rejects wrong lengths, foreign characters and the letter U', () => {
    const id = codec.generate();
    for (const bad of [
      '',
      id.slice(1),
      `${id}0`,
      `${id.slice(0, 25)}U`,
      `${id.slice(0, 25)}-`,
      `${id.slice(0, 25)}é`,
      ` ${id.slice(1)}`,
    ]) {
      expect(codec.verify(bad)).toEqual({ ok: false, reason: 'invalid-click-id' });
    }
  });

  it('accepts IDs made under a previous secret while it is configured, and rejects them once removed', () => {
    const before = new ClickIdCodec([OLD_SECRET]);
    const rotating = new ClickIdCodec([SECRET, OLD_SECRET]);
    const after = new ClickIdCodec([SECRET]);
    fc.assert(
      fc.property(timestamp, (ms) => {
        const oldId = before.generate(ms);
        const newId = rotating.generate(ms);
        expect(rotating.verify(oldId).ok).toBe(true);
        expect(rotating.verify(newId).ok).toBe(true);
        expect(before.verify(newId).ok).toBe(false); // generated with the newest secret
        expect(after.verify(newId).ok).toBe(true);
        expect(after.verify(oldId).ok).toBe(false);
      }),
    );
  });

  it('refuses to start without a secret or with a short one, and rejects out-of-range timestamps', () => {
    expect(() => new ClickIdCodec([])).toThrow(/at least one secret/);
    expect(() => new ClickIdCodec([SECRET, 'short'])).toThrow(/#2/);
    expect(() => codec.generate(-1)).toThrow(RangeError);
    expect(() => codec.generate(2 ** 48)).toThrow(RangeError);
    expect(() => codec.generate(1.5)).toThrow(RangeError);
  });
});
