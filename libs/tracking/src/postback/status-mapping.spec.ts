import { builtInStatus, isStatusValue, normalizeStatusMap, resolveStatus } from './status-mapping';

describe('status mapping (CONTRACT §4)', () => {
  it.each([
    ['approved', 'approved'],
    ['APPROVE', 'approved'],
    ['1', 'approved'],
    ['Pending', 'pending'],
    ['hold', 'pending'],
    ['2', 'pending'],
    ['declined', 'declined'],
    ['rejected', 'declined'],
    ['REVERSED', 'declined'],
    ['3', 'declined'],
  ])('built in: %p means %p', (value, status) => {
    expect(builtInStatus(value)).toBe(status);
    expect(resolveStatus(value, normalizeStatusMap({}))).toBe(status);
  });

  it('knows nothing else built in, not even inherited object keys', () => {
    for (const value of ['5', 'ok', 'constructor', '__proto__', 'toString']) {
      expect(builtInStatus(value)).toBeUndefined();
      expect(resolveStatus(value, normalizeStatusMap({}))).toBeUndefined();
    }
  });

  it("a network's statusMap adds values and overrides built-in ones, case-insensitively", () => {
    const affise = normalizeStatusMap({ '5': 'pending' });
    expect(resolveStatus('5', affise)).toBe('pending');
    expect(resolveStatus('1', affise)).toBe('approved');
    const odd = normalizeStatusMap({ Hold: 'approved', LOCKED: 'approved' });
    expect(resolveStatus('hold', odd)).toBe('approved');
    expect(resolveStatus('locked', odd)).toBe('approved');
    expect(resolveStatus('pending', odd)).toBe('pending');
  });

  it('drops statusMap entries whose meaning is not a conversion status', () => {
    expect(Object.keys(normalizeStatusMap({ a: 'approved', b: 'paid' }))).toEqual(['a']);
  });

  it('accepts as a status value 1-64 printable characters, no surrounding spaces', () => {
    expect(isStatusValue('REVERSED')).toBe(true);
    expect(isStatusValue('On hold')).toBe(true);
    expect(isStatusValue('😀'.repeat(64))).toBe(true);
    for (const bad of ['', ' x', 'x'.repeat(65), 'a\tb', '\u2028']) expect(isStatusValue(bad)).toBe(false);
  });
});
