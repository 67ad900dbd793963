import Redis from 'ioredis';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { eventually } from '@clickledger/testing';
import { AttributionHarness, infra } from './attribution-harness';

/** Issue 17 part A: the click's country, bot and test flags, test conversions, uploaded rows. */
describe('attribution: click enrichment, test conversions and uploads', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;
  let redis: Redis;

  beforeAll(async () => {
    await h.setUp();
    app = await h.startApp();
    redis = new Redis(infra.redisUrl);
  });

  afterAll(async () => {
    redis.disconnect();
    await app.close();
    await h.tearDown();
  });

  const storedClick = (clickId: string) =>
    eventually(async () => {
      const rows = await h.db.query<{ country: string | null; bot: boolean; test: boolean }[]>(
        'SELECT country, bot, test FROM clicks WHERE click_id = $1',
        [clickId],
      );
      expect(rows).toHaveLength(1);
      return rows[0];
    });

  it('stores country, bot and test on the click; absent flags are false', async () => {
    const catalog = await h.catalog();
    const flagged = { ...h.clickData(catalog), country: 'AU', bot: true, test: true };
    const plain = { ...h.clickData(catalog), country: null };
    await h.sendClicks([flagged, plain]);
    expect(await storedClick(flagged.clickId)).toEqual({ country: 'AU', bot: true, test: true });
    expect(await storedClick(plain.clickId)).toEqual({ country: null, bot: false, test: false });
  });

  it.each([
    'from the Redis copy',
    'from Postgres after a cache miss',
    'from Postgres: the cached copy predates visitor fields',
  ])("copies the click's visitor fields onto its conversion, read %s", async (path) => {
    const catalog = await h.catalog();
    const visitor = { country: 'BR', device: 'mobile', os: 'Android', browser: 'Chrome' };
    const click = { ...h.clickData(catalog), ...visitor };
    await h.sendClicks([click]);
    await storedClick(click.clickId);
    const key = `t:${h.schema}:attr:click:${click.clickId}`;
    // The click goes to Postgres and Redis at once: the row can be visible before the cached copy.
    await eventually(async () => {
      expect(await redis.exists(key)).toBe(1);
    });
    if (path === 'from Postgres after a cache miss') expect(await redis.del(key)).toBe(1);
    if (path === 'from Postgres: the cached copy predates visitor fields') {
      // An entry as the cache wrote it before (7 items): read as a miss, not as a visitor-less click.
      const [clickedAt, campaign, offer, network, source, externalId, vars] = JSON.parse(
        (await redis.get(key)) ?? '[]',
      ) as unknown[];
      await redis.set(key, JSON.stringify([clickedAt, campaign, offer, network, source, externalId, vars]));
    }
    const postback = h.postbackData(click.clickId);
    await h.sendPostbacks([postback]);
    expect(await h.settled(postback.postbackId)).toMatchObject({ outcome: 'accepted' });
    expect(await h.conversions(click.clickId)).toMatchObject([visitor]);
    // The cache holds the current form again (12 items, the visitor fields last).
    if (path !== 'from the Redis copy')
      expect((JSON.parse((await redis.get(key)) ?? '[]') as unknown[]).slice(8)).toEqual(
        Object.values(visitor),
      );
  });

  it.each(['from the Redis copy', 'from Postgres after a cache miss'])(
    "marks a test click's conversion test, read %s, and an ordinary one not",
    async (path) => {
      const catalog = await h.catalog();
      const testClick = { ...h.clickData(catalog), test: true };
      const realClick = h.clickData(catalog);
      await h.sendClicks([testClick, realClick]);
      await storedClick(testClick.clickId);
      await storedClick(realClick.clickId);
      if (path !== 'from the Redis copy') {
        // The cached copy exists (so this really is a miss now), then is gone. It is written
        // alongside the Postgres row, so it may land just after the row is visible.
        const key = `t:${h.schema}:attr:click:${testClick.clickId}`;
        await eventually(async () => {
          expect(await redis.exists(key)).toBe(1);
        });
        expect(await redis.del(key)).toBe(1);
      }
      const [p1, p2] = [h.postbackData(testClick.clickId), h.postbackData(realClick.clickId)];
      await h.sendPostbacks([p1, p2]);
      expect(await h.settled(p1.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(p2.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.conversions(testClick.clickId)).toMatchObject([{ test: true }]);
      expect(await h.conversions(realClick.clickId)).toMatchObject([{ test: false }]);
      const [event] = await eventually(() => {
        const events = h.eventsFor(testClick.clickId);
        expect(events).toHaveLength(1);
        return events;
      });
      expect(event.test).toBe(true);
      const [realEvent] = await eventually(() => {
        const events = h.eventsFor(realClick.clickId);
        expect(events).toHaveLength(1);
        return events;
      });
      expect(realEvent).not.toHaveProperty('test');
    },
  );

  it("does not apply the network's IP allowlist to an uploaded row, and applies it to a postback", async () => {
    const catalog = await h.catalog({ allowedIps: ['192.0.2.10'] });
    const [a, b] = [h.clickData(catalog), h.clickData(catalog)];
    await h.sendClicks([a, b]);
    const uploaded = h.postbackData(a.clickId, { sourceIp: '198.51.100.7', origin: 'upload' });
    const posted = h.postbackData(b.clickId, { sourceIp: '198.51.100.7' });
    await h.sendPostbacks([uploaded, posted]);
    expect(await h.settled(uploaded.postbackId)).toMatchObject({ outcome: 'accepted' });
    expect(await h.settled(posted.postbackId)).toMatchObject({
      outcome: 'rejected',
      reason: 'ip-not-allowed',
    });
    // The same uploaded row again (same postback id): a redelivery, nothing new.
    await h.sendPostbacks([{ ...uploaded, receivedAt: new Date().toISOString() }]);
    const marker = h.postbackData(a.clickId, { txid: 'after', origin: 'upload', sourceIp: '198.51.100.7' });
    await h.sendPostbacks([marker]);
    await h.settled(marker.postbackId);
    expect(await h.conversions(a.clickId)).toHaveLength(2);
    const log = await h.db.query<{ count: string }[]>(
      'SELECT count(*) FROM postback_log WHERE click_id = $1',
      [a.clickId],
    );
    expect(log[0]?.count).toBe('2');
  });
});
