import { eventually } from '@clickledger/testing';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { AttributionHarness } from './attribution-harness';

/**
 * Clicks are fetched in batches like postbacks (ATTRIBUTION_BATCH_WAIT), so a postback that
 * closely follows its click can be judged first and wait as pending. Its click, once stored,
 * re-drives it at once: here the scanner's periodic pass is a minute away, so only that can.
 */
describe('early postbacks, re-driven when their click is stored (batched clicks)', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    app = await h.startApp({ ATTRIBUTION_PENDING_SCAN_INTERVAL: '60s', ATTRIBUTION_BATCH_WAIT: '100ms' });
  });

  afterAll(async () => {
    await app.close();
    await h.tearDown();
  });

  it('attributes a postback that came before its click within seconds of the click', async () => {
    const click = h.clickData(await h.catalog());
    const postback = h.postbackData(click.clickId, { txid: 'FIRST' });
    await h.sendPostbacks([postback]);
    await eventually(async () => {
      expect((await h.logEntry(postback.postbackId))?.outcome).toBe('pending');
    });

    const clickSent = Date.now();
    await h.sendClicks([click]);
    expect(await h.settled(postback.postbackId, 20_000)).toMatchObject({ outcome: 'accepted' });
    expect(Date.now() - clickSent).toBeLessThan(5000);
    expect(await h.conversions(click.clickId)).toHaveLength(1);
  });

  it('attributes postbacks sent just before their clicks, however the batches fall', async () => {
    const catalog = await h.catalog();
    const clicks = Array.from({ length: 40 }, () => h.clickData(catalog));
    const postbacks = clicks.map((click, i) =>
      h.postbackData(click.clickId, { txid: `TOGETHER-${String(i)}` }),
    );
    const sent = Date.now();
    // The postbacks first, the clicks right after: some postbacks are judged before their click is
    // stored (pending), some after, depending on how the two consumers' fetches fall.
    await h.sendPostbacks(postbacks);
    await h.sendClicks(clicks);
    for (const postback of postbacks)
      expect(await h.settled(postback.postbackId, 20_000)).toMatchObject({ outcome: 'accepted' });
    expect(Date.now() - sent).toBeLessThan(8000);
    for (const click of clicks) expect(await h.conversions(click.clickId)).toHaveLength(1);
  });
});
