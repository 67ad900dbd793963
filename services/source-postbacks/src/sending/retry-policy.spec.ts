import { backoffMs, decide } from './retry-policy';
import type { SendResult } from './postback-sender';

const options = { initialMs: 10_000, maxMs: 3_600_000, random: () => 1 };
const answer = (statusCode: number, extra: Partial<SendResult> = {}): SendResult => ({
  statusCode,
  excerpt: '',
  failure: null,
  error: null,
  retryAfterMs: null,
  durationMs: 1,
  ...extra,
});
const failure = (kind: 'timeout' | 'network' | 'refused'): SendResult => ({
  statusCode: null,
  excerpt: null,
  failure: kind,
  error: kind,
  retryAfterMs: null,
  durationMs: 1,
});
const now = Date.UTC(2026, 0, 1);
const dayLater = new Date(now + 24 * 3_600_000);

describe('decide', () => {
  it.each([200, 204, 302])('%d is delivered', (status) => {
    expect(decide(answer(status), 1, dayLater, options, now).outcome).toBe('delivered');
  });

  it.each([400, 401, 403, 404, 410, 422])('%d is final', (status) => {
    expect(decide(answer(status), 1, dayLater, options, now)).toEqual({
      outcome: 'failed',
      nextAttemptAt: null,
      health: 'success',
    });
  });

  it('a refused destination is final and does not count against the host', () => {
    expect(decide(failure('refused'), 1, dayLater, options, now)).toMatchObject({
      outcome: 'failed',
      health: 'neutral',
    });
  });

  it.each([
    ['500', answer(500)],
    ['503', answer(503)],
    ['429', answer(429)],
    ['a timeout', failure('timeout')],
    ['a network error', failure('network')],
  ])('%s is retried, the first retry within 15 s', (_name, result) => {
    const decision = decide(result, 1, dayLater, options, now);
    expect(decision.outcome).toBe('retry');
    expect(decision.health).toBe('failure');
    expect(decision.nextAttemptAt!.getTime() - now).toBeLessThanOrEqual(15_000);
  });

  it('honours Retry-After when longer than the back-off, up to the longest delay', () => {
    const decision = decide(answer(429, { retryAfterMs: 120_000 }), 1, dayLater, options, now);
    expect(decision.nextAttemptAt!.getTime() - now).toBe(120_000);
    const capped = decide(answer(429, { retryAfterMs: 10 * 3_600_000 }), 1, dayLater, options, now);
    expect(capped.nextAttemptAt!.getTime() - now).toBe(3_600_000);
  });

  it('expires once the next attempt would fall after the retry time', () => {
    expect(decide(answer(500), 1, new Date(now + 5000), options, now).outcome).toBe('expired');
  });
});

describe('backoffMs', () => {
  it('grows from the initial delay, doubling, up to the cap; jitter only shortens it', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, options))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(40, options)).toBe(3_600_000);
    expect(backoffMs(1, { ...options, random: () => 0 })).toBe(8000);
  });

  it('retries for 24 h with a bounded number of attempts', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 24 * 3_600_000) elapsed += backoffMs(++attempts, options);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});
