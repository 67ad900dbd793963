import { reconnectDelayMs } from './redis-client.factory';

describe('reconnectDelayMs', () => {
  it('grows with the attempt, keeps jitter within half the base, and caps at 2 s', () => {
    for (let attempt = 1; attempt <= 50; attempt++) {
      const base = Math.min(2000, 50 * 2 ** Math.min(attempt, 10));
      const delay = reconnectDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
    expect(reconnectDelayMs(1000)).toBeLessThanOrEqual(2000);
  });
});
