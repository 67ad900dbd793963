import { postgresSafe, postgresSafeRecord } from './postgres-text';

describe('postgresSafe', () => {
  it('replaces NUL characters, which Postgres text and jsonb refuse', () => {
    expect(postgresSafe('a\u0000b')).toBe('a\uFFFDb');
    expect(postgresSafe('plain')).toBe('plain');
    expect(postgresSafeRecord({ 'k\u0000': 'v\u0000' })).toEqual({ 'k\uFFFD': 'v\uFFFD' });
  });
});
