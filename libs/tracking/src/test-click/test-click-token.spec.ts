import { signTestClickToken, TEST_CLICK_TOKEN_TTL_MS, verifyTestClickToken } from './test-click-token';

const SECRET = 'a-test-click-secret-0001';
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('test-click token', () => {
  it('verifies a token signed for the same campaign, by any configured secret', () => {
    const token = signTestClickToken(SECRET, 'camp1', NOW);
    expect(verifyTestClickToken([SECRET], 'camp1', token, NOW)).toBe(true);
    expect(verifyTestClickToken(['a-newer-secret-0000002', SECRET], 'camp1', token, NOW + 1000)).toBe(true);
  });

  it('refuses another campaign, another secret, an old or a garbled token', () => {
    const token = signTestClickToken(SECRET, 'camp1', NOW);
    expect(verifyTestClickToken([SECRET], 'camp2', token, NOW)).toBe(false);
    expect(verifyTestClickToken(['another-secret-00000001'], 'camp1', token, NOW)).toBe(false);
    expect(verifyTestClickToken([SECRET], 'camp1', token, NOW + TEST_CLICK_TOKEN_TTL_MS + 1000)).toBe(false);
    expect(verifyTestClickToken([SECRET], 'camp1', `${token}x`, NOW)).toBe(false);
    expect(verifyTestClickToken([SECRET], 'camp1', '1', NOW)).toBe(false);
    expect(verifyTestClickToken([SECRET], 'camp1', 'x'.repeat(500), NOW)).toBe(false);
  });
});
