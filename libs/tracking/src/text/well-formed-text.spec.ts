import fc from 'fast-check';
import { cutText, hasUnstorableText, REPLACEMENT_CHARACTER, toStorableText } from './well-formed-text';

const EMOJI = '\u{1F600}';
// Code points, not graphemes: what Postgres and JSON Schema count.
const codePoints = (value: string): number => Array.from(value).length;
const wellFormed = (value: string): boolean => {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
};

describe('toStorableText', () => {
  it('replaces lone surrogates and NUL with U+FFFD and keeps pairs', () => {
    expect(toStorableText(`a\uD800b\uDC00c${EMOJI}\u0000`)).toBe(
      `a${REPLACEMENT_CHARACTER}b${REPLACEMENT_CHARACTER}c${EMOJI}${REPLACEMENT_CHARACTER}`,
    );
    expect(toStorableText('\uDC00\uD800')).toBe(REPLACEMENT_CHARACTER.repeat(2));
    expect(toStorableText('plain')).toBe('plain');
  });

  it('always gives well-formed text of the same length in code units, and says when it changes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const stored = toStorableText(value);
        expect(wellFormed(stored)).toBe(true);
        expect(stored.includes('\u0000')).toBe(false);
        expect(stored.length).toBe(value.length);
        expect(hasUnstorableText(value)).toBe(stored !== value);
      }),
    );
  });
});

describe('cutText', () => {
  it('never splits an emoji: the issue-12 reproduction (254 × a + 😀, bound 255)', () => {
    const value = `${'a'.repeat(254)}${EMOJI}x`;
    expect(cutText(value, 255)).toBe(`${'a'.repeat(254)}${EMOJI}`);
    expect(cutText(`${'a'.repeat(255)}${EMOJI}`, 255)).toBe('a'.repeat(255));
  });

  it('counts code points, keeps the prefix, and gives storable text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: 0, max: 60 }),
        (value, max) => {
          const cut = cutText(value, max);
          expect(codePoints(cut)).toBeLessThanOrEqual(max);
          expect(wellFormed(cut)).toBe(true);
          expect(toStorableText(value).startsWith(cut)).toBe(true);
          if (codePoints(value) <= max) expect(cut).toBe(toStorableText(value));
        },
      ),
    );
  });
});
