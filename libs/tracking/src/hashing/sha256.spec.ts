import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256OfText } from './sha256';

describe('sha256OfText', () => {
  it('gives node:crypto’s SHA-256 for any text, block boundaries and lone surrogates included', () => {
    const digest = new Uint8Array(32);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 80 }),
          // 55, 56 and 64 bytes: where the padding takes one block or spills into a second.
          fc.integer({ min: 50, max: 130 }).map((length) => 'x'.repeat(length)),
        ),
        (text) => {
          sha256OfText(text, digest);
          expect(Buffer.from(digest).toString('hex')).toBe(createHash('sha256').update(text).digest('hex'));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
