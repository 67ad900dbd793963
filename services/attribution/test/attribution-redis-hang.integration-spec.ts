import Redis from 'ioredis';
import { eventually, LocalRedis } from '@clickledger/testing';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { AttributionHarness } from './attribution-harness';

interface ReadyBody {
  readonly status: string;
  readonly checks: Record<string, { status: string; error?: string }>;
}

/**
 * Redis is only the click cache (CONTRACT §5 rule 1, STYLE "Redis is a cache"): a Redis that
 * hangs (SIGSTOP: connections stay open, nothing answers) must cost a bounded delay, never a
 * frozen consumer, and readiness must say so without taking the service out of rotation.
 */
describe('attribution while its Redis hangs (own redis-server, SIGSTOP/SIGCONT)', () => {
  const h = new AttributionHarness();
  const redis = new LocalRedis(19797);
  let app: HttpServiceApp;
  let raw: Redis;

  const ready = async (): Promise<{ code: number; body: ReadyBody }> => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    return { code: response.statusCode, body: response.json<ReadyBody>() };
  };
  const cachedClick = (clickId: string): Promise<string | null> =>
    raw.get(`t:${h.schema}:attr:click:${clickId}`);

  beforeAll(async () => {
    await redis.start();
    raw = new Redis(redis.url, { lazyConnect: true });
    await raw.connect();
    await h.setUp();
    app = await h.startApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
  });

  afterAll(async () => {
    redis.resume();
    await app.close();
    raw.disconnect();
    await h.tearDown();
    await redis.stop();
  });

  it('keeps attributing from Postgres, reports Redis degraded, counts the fallbacks, and recovers', async () => {
    const catalog = await h.catalog();
    const warm = h.clickData(catalog);
    await h.sendClicks([warm]);
    await eventually(async () => {
      expect(await cachedClick(warm.clickId)).not.toBeNull();
    });
    expect(await ready()).toMatchObject({
      code: 200,
      body: { status: 'ok', checks: { redis: { status: 'up' } } },
    });

    redis.hang();
    const hungAt = Date.now();
    try {
      // A cached click and one that only Postgres knows (stored while Redis hangs).
      const cold = h.clickData(catalog);
      await h.sendClicks([cold]);
      const postbacks = [
        h.postbackData(warm.clickId, { txid: 'HANG-1' }),
        h.postbackData(cold.clickId, { txid: 'HANG-2' }),
      ];
      await h.sendPostbacks(postbacks);
      for (const postback of postbacks) {
        expect(await h.settled(postback.postbackId, 20_000)).toMatchObject({ outcome: 'accepted' });
      }
      expect(await h.conversions(cold.clickId)).toHaveLength(1);
      // Attributed well within the hang: Redis cost a command timeout, not the whole outage.
      expect(Date.now() - hungAt).toBeLessThan(15_000);

      const degraded = await ready();
      expect(degraded).toMatchObject({
        code: 200,
        body: { status: 'degraded', checks: { redis: { status: 'degraded' }, postgres: { status: 'up' } } },
      });
      expect(degraded.body.checks.redis.error).toMatch(/slow|not connected/);

      const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(
        /attribution_click_cache_fallbacks_total\{operation="read",reason="(timeout|unavailable|circuit-open)"\} [1-9]/,
      );
    } finally {
      redis.resume();
    }

    await eventually(
      async () => {
        expect(await ready()).toMatchObject({ code: 200, body: { status: 'ok' } });
      },
      {
        timeoutMs: 20_000,
        maxIntervalMs: 500,
      },
    );
    // Recovered: new clicks are cached again and their postbacks are attributed.
    const after = h.clickData(catalog);
    await h.sendClicks([after]);
    await eventually(
      async () => {
        expect(await cachedClick(after.clickId)).not.toBeNull();
      },
      {
        timeoutMs: 20_000,
      },
    );
    const last = h.postbackData(after.clickId, { txid: 'AFTER' });
    await h.sendPostbacks([last]);
    expect(await h.settled(last.postbackId)).toMatchObject({ outcome: 'accepted' });
  });
});
