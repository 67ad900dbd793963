import fc from 'fast-check';
import {
  cutStorableText,
  hasUnstorableText,
  ownStorableText,
  REPLACEMENT_CHARACTER,
  toStorableText,
} from './storable-text';

const EMOJI = '\u{1F600}';
const encodes = (value: string): boolean => {
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
    expect(toStorableText('plain')).toBe('plain');
  });

  it('always gives URL-encodable text without NUL, of the same length, and says when it changes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const stored = toStorableText(value);
        expect(encodes(stored)).toBe(true);
        expect(stored.includes('\u0000')).toBe(false);
        expect(stored.length).toBe(value.length);
        expect(hasUnstorableText(value)).toBe(stored !== value);
      }),
    );
  });
});

describe('cutStorableText', () => {
  it('never splits an emoji at the bound (issue 12: 254 × a + 😀, bound 255)', () => {
    expect(cutStorableText(`${'a'.repeat(254)}${EMOJI}`, 255)).toBe('a'.repeat(254));
    expect(cutStorableText(`${'a'.repeat(253)}${EMOJI}x`, 255)).toBe(`${'a'.repeat(253)}${EMOJI}`);
  });

  it('keeps a storable prefix within the bound, for any input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: 0, max: 60 }),
        (value, max) => {
          const cut = cutStorableText(value, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(encodes(cut)).toBe(true);
          expect(toStorableText(value).startsWith(cut)).toBe(true);
        },
      ),
    );
  });
});

describe('ownStorableText', () => {
  it('gives the text cutStorableText gives, for any text, cut anywhere, and any bound', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.nat(40),
        fc.nat(320),
        (text, cut, max) => {
          // A view, as a request's parser makes it, and the text itself.
          const view = text.slice(Math.min(cut, text.length));
          expect(ownStorableText(view, max)).toBe(cutStorableText(view, max));
          expect(ownStorableText(text, max)).toBe(cutStorableText(text, max));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
