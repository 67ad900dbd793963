import { postgresSafe, postgresSafeRecord } from './postgres-text';

describe('postgresSafe', () => {
  it('replaces NUL characters, which Postgres text and jsonb refuse', () => {
    expect(postgresSafe('a\u0000b')).toBe('a\uFFFDb');
    expect(postgresSafe('plain')).toBe('plain');
    expect({ ...postgresSafeRecord({ 'k\u0000': 'v\u0000' }) }).toEqual({ 'k\uFFFD': 'v\uFFFD' });
  });

  it('replaces lone surrogates, which jsonb refuses, keeping pairs (issue 12, item 1)', () => {
    expect(postgresSafe('x\uD800y\u{1F600}\uDC00')).toBe('x\uFFFDy\u{1F600}\uFFFD');
    const record = postgresSafeRecord(
      JSON.parse('{"__proto__":"p","n\\ud800":"\\udfff"}') as Record<string, string>,
    );
    expect(Object.entries(record)).toEqual([
      ['__proto__', 'p'],
      ['n\uFFFD', '\uFFFD'],
    ]);
  });
});
