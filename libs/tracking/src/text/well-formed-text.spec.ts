import { cleanText, cutText, wellFormed } from './well-formed-text';

const EMOJI = '\u{1F600}'; // two UTF-16 code units

describe('wellFormed', () => {
  it('replaces lone high and low surrogates with U+FFFD and keeps pairs', () => {
    expect(wellFormed('a\uD800b')).toBe('a\uFFFDb');
    expect(wellFormed('\uDC00x')).toBe('\uFFFDx');
    expect(wellFormed(`x\uD800${EMOJI}\uDFFF`)).toBe(`x\uFFFD${EMOJI}\uFFFD`);
    expect(wellFormed('\uD800')).toBe('\uFFFD');
    expect(wellFormed(`plain ${EMOJI} é`)).toBe(`plain ${EMOJI} é`);
  });

  it('yields text that survives a UTF-8 round trip unchanged', () => {
    const text = wellFormed('\uDBFF\uDBFF\uDC00\uDC00');
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });
});

describe('cutText', () => {
  it('never splits a surrogate pair (the 511 × x + emoji case of issue 12)', () => {
    const cut = cutText(`${'x'.repeat(511)}${EMOJI}`, 512);
    expect(cut).toBe('x'.repeat(511));
    expect(wellFormed(cut)).toBe(cut);
    expect(cutText(`${'x'.repeat(510)}${EMOJI}`, 512)).toBe(`${'x'.repeat(510)}${EMOJI}`);
  });

  it('leaves short text alone and cuts long text to the bound', () => {
    expect(cutText('abc', 5)).toBe('abc');
    expect(cutText('abcdef', 3)).toBe('abc');
    expect(cutText(EMOJI, 1)).toBe('');
    expect(cutText('abc', 0)).toBe('');
  });

  it('cleanText makes well-formed, then cuts', () => {
    expect(cleanText('\uD800abc', 2)).toBe('\uFFFDa');
  });
});
