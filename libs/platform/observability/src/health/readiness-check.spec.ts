import { runReadinessChecks, type ReadinessCheck } from './readiness-check';
import { ReadinessFlag } from './readiness-flag';

const up = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve() });
const down = (name: string, reason: string): ReadinessCheck => ({
  name,
  check: () => Promise.reject(new Error(reason)),
});
const hanging = (name: string): ReadinessCheck => ({ name, check: () => new Promise<void>(() => undefined) });

describe('runReadinessChecks', () => {
  it('is ready when every check passes', async () => {
    const report = await runReadinessChecks([up('redis'), up('kafka')], 100);
    expect(report.ready).toBe(true);
    expect(report.checks.redis.status).toBe('up');
    expect(report.checks.kafka.status).toBe('up');
  });

  it('names each failing check with its reason, bounding slow ones by the timeout, in parallel', async () => {
    const started = Date.now();
    const report = await runReadinessChecks(
      [up('redis'), down('postgres', 'connection refused'), hanging('kafka'), hanging('spool')],
      50,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.ready).toBe(false);
    expect(report.checks.redis).toMatchObject({ status: 'up' });
    expect(report.checks.postgres).toMatchObject({ status: 'down', error: 'connection refused' });
    expect(report.checks.kafka).toMatchObject({ status: 'down', error: 'timed out after 50ms' });
    expect(report.checks.spool).toMatchObject({ status: 'down', error: 'timed out after 50ms' });
  });

  it('reports a failing non-critical check as degraded and stays ready', async () => {
    const cache: ReadinessCheck = { ...down('redis', 'slow: PING took 800ms'), critical: false };
    const report = await runReadinessChecks([up('postgres'), cache], 50);
    expect(report).toMatchObject({ ready: true, degraded: true });
    expect(report.checks.redis).toMatchObject({ status: 'degraded', error: 'slow: PING took 800ms' });
    const both = await runReadinessChecks([down('postgres', 'refused'), cache], 50);
    expect(both).toMatchObject({ ready: false, degraded: true });
    expect((await runReadinessChecks([up('postgres')], 50)).degraded).toBe(false);
  });

  it('treats a check that throws synchronously as down', async () => {
    const throwing: ReadinessCheck = {
      name: 'broken',
      check: () => {
        throw new Error('boom');
      },
    };
    const report = await runReadinessChecks([throwing], 50);
    expect(report.checks.broken).toMatchObject({ status: 'down', error: 'boom' });
  });

  it('follows a readiness flag', async () => {
    const flag = new ReadinessFlag('consumers', 'catching up');
    expect((await runReadinessChecks([flag], 50)).checks.consumers).toMatchObject({ error: 'catching up' });
    flag.markReady();
    expect((await runReadinessChecks([flag], 50)).ready).toBe(true);
    flag.markNotReady('draining');
    expect((await runReadinessChecks([flag], 50)).checks.consumers).toMatchObject({ error: 'draining' });
  });
});
