import { randomUUID } from 'node:crypto';
import {
  collectFromNow,
  eventually,
  uniqueSchema,
  uniqueSuffix,
  type KafkaCollector,
} from '@clickledger/testing';
import { dlqTopicName, TOPICS } from '@clickledger/contracts';
import { eventMessage } from '@clickledger/platform-kafka';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { assertSchemaMigrated, createDataSource } from '@clickledger/persistence';
import { AttributionHarness, codec, infra } from './attribution-harness';

const HOUR_MS = 3_600_000;
const MAX_WAIT_MS = 4000;

describe('attribution rules (CONTRACT §5) on Kafka, Redis and Postgres', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    app = await h.startApp({ ATTRIBUTION_MAX_WAIT: `${String(MAX_WAIT_MS)}ms` });
  });

  afterAll(async () => {
    await app.close();
    await h.tearDown();
  });

  it('is ready once its consumers run, and serves metrics', async () => {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('attribution_postbacks_total');
  });

  it('attributes a postback to its click with the click data and publishes revision 1', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    const postback = h.postbackData(click.clickId, {
      payout: '12.5',
      currency: 'EUR',
      txid: 'T-1',
      eventType: 'sale',
    });
    await h.sendPostbacks([postback]);

    const entry = await h.settled(postback.postbackId);
    expect(entry).toMatchObject({ outcome: 'accepted', reason: null, clickId: click.clickId });
    const [conversion] = await h.conversions(click.clickId);
    expect(conversion).toMatchObject({
      id: entry.conversionId,
      eventType: 'sale',
      txid: 'T-1',
      revision: 1,
      status: 'approved',
      payoutAmount: '12.500000',
      payoutCurrency: 'EUR',
      campaignId: catalog.campaignId,
      offerId: catalog.offerId,
      externalId: click.externalId,
      vars: { var1: 'zone-42' },
      postbackId: postback.postbackId,
    });
    const [event] = await eventually(() => {
      const events = h.eventsFor(click.clickId);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(event).toEqual({
      conversionId: entry.conversionId,
      revision: 1,
      clickId: click.clickId,
      eventType: 'sale',
      txid: 'T-1',
      status: 'approved',
      payout: { amount: '12.5', currency: 'EUR' },
      convertedAt: postback.receivedAt,
      clickedAt: click.clickedAt,
      campaignId: catalog.campaignId,
      offerId: catalog.offerId,
      affiliateNetworkId: catalog.networkId,
      trafficSourceId: catalog.trafficSourceId,
      externalId: click.externalId,
      vars: { var1: 'zone-42' },
    });
  });

  describe('IP allowlist', () => {
    it('accepts IPs inside a CIDR or listed exactly (IPv4 and IPv6) and rejects others', async () => {
      const catalog = await h.catalog({ allowedIps: ['203.0.113.0/24', '2001:db8::5'] });
      const clicks = [h.clickData(catalog), h.clickData(catalog), h.clickData(catalog)];
      await h.sendClicks(clicks);
      const [inCidr, ipv6, outside] = [
        h.postbackData(clicks[0].clickId, { sourceIp: '203.0.113.77' }),
        h.postbackData(clicks[1].clickId, { sourceIp: '2001:db8::5' }),
        h.postbackData(clicks[2].clickId, { sourceIp: '198.51.100.1' }),
      ];
      await h.sendPostbacks([inCidr, ipv6, outside]);
      expect(await h.settled(inCidr.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(ipv6.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(outside.postbackId)).toMatchObject({
        outcome: 'rejected',
        reason: 'ip-not-allowed',
      });
      expect(await h.conversions(clicks[2].clickId)).toHaveLength(0);
    });
  });

  describe('attribution window', () => {
    it('accepts inside the offer window and rejects outside it', async () => {
      const catalog = await h.catalog({}, { attributionWindowDays: 1 });
      const recent = h.clickData(catalog, Date.now() - HOUR_MS);
      const old = h.clickData(catalog, Date.now() - 25 * HOUR_MS);
      await h.sendClicks([recent, old]);
      const inside = h.postbackData(recent.clickId);
      const outside = h.postbackData(old.clickId);
      await h.sendPostbacks([inside, outside]);
      expect(await h.settled(inside.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(outside.postbackId)).toMatchObject({
        outcome: 'rejected',
        reason: 'outside-attribution-window',
      });
    });
  });

  describe('conversion identity', () => {
    it('counts the same identity and status once: the second is a duplicate', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const first = h.postbackData(click.clickId, { txid: 'T-9' });
      const again = h.postbackData(click.clickId, { txid: 'T-9' });
      await h.sendPostbacks([first]);
      await h.settled(first.postbackId);
      await h.sendPostbacks([again]);
      expect(await h.settled(again.postbackId)).toMatchObject({ outcome: 'duplicate', reason: 'duplicate' });
      expect(await h.conversions(click.clickId)).toHaveLength(1);
    });

    it('changes the status with a new revision and a new event; the same status again is a duplicate', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const approved = h.postbackData(click.clickId, { txid: 'T-R', payout: '5' });
      const declined = h.postbackData(click.clickId, { txid: 'T-R', status: 'declined' });
      const declinedAgain = h.postbackData(click.clickId, { txid: 'T-R', status: 'declined' });
      await h.sendPostbacks([approved]);
      await h.settled(approved.postbackId);
      await h.sendPostbacks([declined, declinedAgain]);
      expect(await h.settled(declined.postbackId)).toMatchObject({ outcome: 'status-changed' });
      expect(await h.settled(declinedAgain.postbackId)).toMatchObject({ outcome: 'duplicate' });

      const conversions = await h.conversions(click.clickId);
      expect(conversions).toHaveLength(1);
      expect(conversions[0]).toMatchObject({ status: 'declined', revision: 2, payoutAmount: '5.000000' });
      const events = await eventually(() => {
        const found = h.eventsFor(click.clickId);
        expect(found).toHaveLength(2);
        return found;
      });
      expect(events.map((e) => [e.conversionId, e.revision, e.status, e.payout.amount])).toEqual([
        [conversions[0].id, 1, 'approved', '5'],
        [conversions[0].id, 2, 'declined', '5'],
      ]);
    });

    it('applies two postbacks of one conversion in one batch in order, counting once', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const pending = h.postbackData(click.clickId, { status: 'pending' });
      const approved = h.postbackData(click.clickId, { status: 'approved' });
      await h.sendPostbacks([pending, approved]);
      expect(await h.settled(pending.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(approved.postbackId)).toMatchObject({ outcome: 'status-changed' });
      const conversions = await h.conversions(click.clickId);
      expect(conversions).toHaveLength(1);
      expect(conversions[0]).toMatchObject({ status: 'approved', revision: 2 });
      await eventually(() => {
        expect(h.eventsFor(click.clickId).map((e) => [e.revision, e.status])).toEqual([
          [1, 'pending'],
          [2, 'approved'],
        ]);
      });
    });

    it('applies a batch of new conversions and status changes of a stored one, each once and in order', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const stored = h.postbackData(click.clickId, { txid: 'ORDER-A', status: 'pending', payout: '7' });
      await h.sendPostbacks([stored]);
      await h.settled(stored.postbackId);
      // One produce, one partition (one click): written as one batch, assumed new, then corrected.
      const newOne = h.postbackData(click.clickId, { txid: 'ORDER-B', payout: '3' });
      const approved = h.postbackData(click.clickId, { txid: 'ORDER-A', status: 'approved' });
      const declined = h.postbackData(click.clickId, { txid: 'ORDER-A', status: 'declined' });
      const newTwo = h.postbackData(click.clickId, { txid: 'ORDER-C', payout: '4' });
      await h.sendPostbacks([newOne, approved, declined, newTwo]);
      const logged = await Promise.all(
        [newOne, approved, declined, newTwo].map((postback) => h.settled(postback.postbackId)),
      );

      const conversions = await h.conversions(click.clickId);
      const byTxid = new Map(conversions.map((conversion) => [conversion.txid, conversion]));
      // The log rows of the stored conversion's postbacks were first written as if it were new
      // (accepted, revision 1, a conversion never inserted), then rewritten.
      expect(logged.map((row) => [row.outcome, row.revision, row.status, row.conversionId])).toEqual([
        ['accepted', 1, 'approved', byTxid.get('ORDER-B')?.id],
        ['status-changed', 2, 'approved', byTxid.get('ORDER-A')?.id],
        ['status-changed', 3, 'declined', byTxid.get('ORDER-A')?.id],
        ['accepted', 1, 'approved', byTxid.get('ORDER-C')?.id],
      ]);
      expect(conversions).toHaveLength(3);
      expect(byTxid.get('ORDER-A')).toMatchObject({
        status: 'declined',
        revision: 3,
        payoutAmount: '7.000000',
      });
      expect(byTxid.get('ORDER-B')).toMatchObject({
        status: 'approved',
        revision: 1,
        payoutAmount: '3.000000',
      });
      expect(byTxid.get('ORDER-C')).toMatchObject({
        status: 'approved',
        revision: 1,
        payoutAmount: '4.000000',
      });
      await eventually(() => {
        expect(h.eventsFor(click.clickId).map((e) => [e.txid, e.revision, e.status])).toEqual([
          ['ORDER-A', 1, 'pending'],
          ['ORDER-B', 1, 'approved'],
          ['ORDER-A', 2, 'approved'],
          ['ORDER-A', 3, 'declined'],
          ['ORDER-C', 1, 'approved'],
        ]);
      });
    });

    it('counts a new txid on the same click as a new conversion (upsell)', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const first = h.postbackData(click.clickId, { txid: 'ORDER-1', payout: '10' });
      const upsell = h.postbackData(click.clickId, { txid: 'ORDER-2', payout: '4' });
      await h.sendPostbacks([first, upsell]);
      expect(await h.settled(first.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(upsell.postbackId)).toMatchObject({ outcome: 'accepted' });
      const conversions = await h.conversions(click.clickId);
      expect(conversions.map((c) => c.txid).sort()).toEqual(['ORDER-1', 'ORDER-2']);
    });

    it('without txid: a network accepting duplicates gets a conversion per postback, others one', async () => {
      const accepting = await h.catalog({ acceptDuplicatePostbacks: true });
      const strict = await h.catalog({ acceptDuplicatePostbacks: false });
      const onClick = h.clickData(accepting);
      const offClick = h.clickData(strict);
      await h.sendClicks([onClick, offClick]);
      const on = [h.postbackData(onClick.clickId), h.postbackData(onClick.clickId)];
      const off = [h.postbackData(offClick.clickId), h.postbackData(offClick.clickId)];
      await h.sendPostbacks([...on, ...off]);
      for (const p of [...on, ...off]) await h.settled(p.postbackId);

      expect(await h.conversions(onClick.clickId)).toHaveLength(2);
      expect(await h.conversions(offClick.clickId)).toHaveLength(1);
      expect((await h.settled(off[1].postbackId)).outcome).toBe('duplicate');
    });
  });

  describe('payout', () => {
    it('auto takes the postback payout, or the offer default without one; fixed always the default', async () => {
      const auto = await h.catalog({}, { payoutMode: 'auto', payoutAmount: '2.5', payoutCurrency: 'USD' });
      const fixed = await h.catalog({}, { payoutMode: 'fixed', payoutAmount: '7.25', payoutCurrency: 'GBP' });
      const [withPayout, withoutPayout, fixedClick] = [
        h.clickData(auto),
        h.clickData(auto),
        h.clickData(fixed),
      ];
      await h.sendClicks([withPayout, withoutPayout, fixedClick]);
      const postbacks = [
        h.postbackData(withPayout.clickId, { payout: '-3.5', currency: 'EUR' }),
        h.postbackData(withoutPayout.clickId),
        h.postbackData(fixedClick.clickId, { payout: '99', currency: 'EUR' }),
      ];
      await h.sendPostbacks(postbacks);
      for (const p of postbacks) await h.settled(p.postbackId);
      const payout = async (clickId: string) => {
        const found = await h.conversions(clickId);
        return found.map((c) => [c.payoutAmount, c.payoutCurrency]).at(0);
      };
      expect(await payout(withPayout.clickId)).toEqual(['-3.500000', 'EUR']);
      expect(await payout(withoutPayout.clickId)).toEqual(['2.500000', 'USD']);
      expect(await payout(fixedClick.clickId)).toEqual(['7.250000', 'GBP']);
    });
  });

  describe('early postbacks', () => {
    it('keeps a postback pending until its click arrives, then attributes it, keeping its correlation id', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      const postback = h.postbackData(click.clickId, { txid: 'EARLY' });
      const correlationId = `corr-early-${postback.postbackId}`;
      await h.sendMessages([
        eventMessage(TOPICS.postbacksReceived.name, postback, { id: postback.postbackId, correlationId }),
      ]);
      const pending = await eventually(async () => {
        const entry = await h.logEntry(postback.postbackId);
        expect(entry?.outcome).toBe('pending');
        return entry;
      });
      expect(pending?.reason).toBe('awaiting-click');

      await h.sendClicks([click]);
      expect(await h.settled(postback.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.conversions(click.clickId)).toHaveLength(1);
      await eventually(() => {
        expect(h.eventsFor(click.clickId)).toHaveLength(1);
      });
      // The re-driven postback carried its first delivery's id on to the conversion event.
      const published = h.conversionsCollector.messages.filter((message) => message.key === click.clickId);
      expect(published.map((message) => message.headers['x-correlation-id'])).toContain(correlationId);
    });

    /**
     * A sale sent before its click, left pending; then its click, stored (`waitMs` after the sale
     * went pending); then the reversal to send, not yet sent.
     */
    async function saleWaitingForItsClick(txid: string, payout: string, waitMs = 0) {
      const click = h.clickData(await h.catalog());
      const sale = h.postbackData(click.clickId, { txid, payout });
      await h.sendPostbacks([sale]);
      await eventually(async () => {
        expect((await h.logEntry(sale.postbackId))?.outcome).toBe('pending');
      });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      await h.sendClicks([click]);
      await eventually(async () => {
        const rows = await h.db.query<unknown[]>('SELECT 1 FROM clicks WHERE click_id = $1', [click.clickId]);
        expect(rows).toHaveLength(1);
      });
      const reversal = h.postbackData(click.clickId, { txid, status: 'declined' });
      return { click, sale, reversal };
    }

    /** The sale counted, the reversal changed it: one conversion, declined at revision 2. */
    async function expectSaleThenReversal(
      { click, sale, reversal }: Awaited<ReturnType<typeof saleWaitingForItsClick>>,
      payoutAmount: string,
    ): Promise<void> {
      expect(await h.settled(sale.postbackId)).toMatchObject({ outcome: 'accepted' });
      expect(await h.settled(reversal.postbackId)).toMatchObject({ outcome: 'status-changed' });
      expect(await h.conversions(click.clickId)).toEqual([
        expect.objectContaining({ status: 'declined', revision: 2, payoutAmount }),
      ]);
    }

    it("applies a click's postbacks in the order received, even when the first waited for its click", async () => {
      const order = await saleWaitingForItsClick('ORDER', '10');
      // The reversal arrives while the sale may still be waiting to be re-driven: it must not
      // overtake it (that would create a declined conversion, then "approve" it).
      await h.sendPostbacks([order.reversal]);
      await expectSaleThenReversal(order, '10.000000');
    });

    it('applies a re-driven sale before a reversal that reached the partition ahead of it', async () => {
      const order = await saleWaitingForItsClick('AHEAD', '6');
      // The reversal, then the sale's re-drive (its stored event again, as the scanner sends it),
      // in one produce request: one batch, the reversal first in offset order.
      await h.sendPostbacks([order.reversal, order.sale]);
      await expectSaleThenReversal(order, '6.000000');
    });

    it('re-drives a postback queued behind a waiting one together with it, not a grace period later', async () => {
      // Scans every 200 ms find no click for 3.5 s: the sale's retries back off (1 s, 2 s, then 4 s).
      const order = await saleWaitingForItsClick('BEHIND', '4', 3500);
      // Its click is known, but the sale still waits: the reversal queues behind it (pending too),
      // and is not due on its own. Re-driven alone it would queue behind the sale again and then
      // wait out the scanner's 10 s re-drive grace after the sale was applied.
      await h.sendPostbacks([order.reversal]);
      await h.settled(order.sale.postbackId);
      const saleSettled = Date.now();
      await h.settled(order.reversal.postbackId);
      expect(Date.now() - saleSettled).toBeLessThan(3000);
      await expectSaleThenReversal(order, '4.000000');
    });

    it('logs click-not-found once the maximum wait has passed', async () => {
      const neverClicked = codec.generate();
      const postback = h.postbackData(neverClicked);
      await h.sendPostbacks([postback]);
      const entry = await h.settled(postback.postbackId, MAX_WAIT_MS + 20_000);
      expect(entry).toMatchObject({ outcome: 'rejected', reason: 'click-not-found' });
      expect(Date.now() - entry.receivedAt.getTime()).toBeGreaterThanOrEqual(MAX_WAIT_MS);
    });
  });

  describe('delivery', () => {
    it('applies a redelivered postback message once and publishes its event again', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      const postback = h.postbackData(click.clickId, { txid: 'REDELIVERED' });
      await h.sendPostbacks([postback]);
      await h.settled(postback.postbackId);
      await h.sendPostbacks([postback]); // the same message again, same postback id
      // Published again (at least once more), as the same event: consumers see it once.
      const copies = await eventually(() => {
        const found = h.publishedEventsFor(click.clickId);
        expect(found.length).toBeGreaterThanOrEqual(2);
        return found;
      });
      for (const copy of copies) expect(copy).toEqual(copies[0]);
      expect(h.eventsFor(click.clickId)).toHaveLength(1);
      expect(await h.conversions(click.clickId)).toHaveLength(1);
      expect((await h.logEntry(postback.postbackId))?.outcome).toBe('accepted');
    });

    it('applies the new postbacks of a batch once and leaves the redelivered ones as they were applied', async () => {
      // A batch is first written as if none of its postbacks were applied before; one that was
      // makes that attempt roll back, and the batch is written again knowing which.
      const catalog = await h.catalog();
      const [old, fresh] = [h.clickData(catalog), h.clickData(catalog)];
      await h.sendClicks([old, fresh]);
      const sale = h.postbackData(old.clickId, { txid: 'MIXED', payout: '7' });
      const reversal = h.postbackData(old.clickId, { txid: 'MIXED', status: 'declined' });
      await h.sendPostbacks([sale]);
      await h.settled(sale.postbackId);
      await h.sendPostbacks([reversal]);
      await h.settled(reversal.postbackId);

      // The sale again, after its reversal: applied anew it would approve the conversion again.
      const newSale = h.postbackData(fresh.clickId, { txid: 'NEW', payout: '3' });
      await h.sendPostbacks([sale, newSale, reversal]);
      expect(await h.settled(newSale.postbackId)).toMatchObject({ outcome: 'accepted' });
      await eventually(() => {
        expect(h.publishedEventsFor(old.clickId).length).toBeGreaterThanOrEqual(4);
      });
      const [conversion] = await h.conversions(old.clickId);
      expect(await h.conversions(old.clickId)).toHaveLength(1);
      expect(conversion).toMatchObject({ status: 'declined', revision: 2, payoutAmount: '7.000000' });
      // Conversion ids are version 7 UUIDs: the table's primary key takes them in time order.
      expect(conversion.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect((await h.logEntry(sale.postbackId))?.outcome).toBe('accepted');
      expect((await h.logEntry(reversal.postbackId))?.outcome).toBe('status-changed');
      // Each replay carries the revision its postback produced.
      expect(h.eventsFor(old.clickId).map((e) => [e.revision, e.status])).toEqual([
        [1, 'approved'],
        [2, 'declined'],
      ]);
      expect(await h.conversions(fresh.clickId)).toEqual([
        expect.objectContaining({ status: 'approved', revision: 1, payoutAmount: '3.000000' }),
      ]);
    });

    it('sends a poison message to the dead-letter topic and goes on', async () => {
      const dlq: KafkaCollector = await collectFromNow(h.kafka, [
        dlqTopicName(TOPICS.postbacksReceived.name),
      ]);
      try {
        const key = `poison-${uniqueSuffix()}`;
        await h.sendRaw(TOPICS.postbacksReceived.name, key, '{"type":"postback.received","data":{}}');
        const catalog = await h.catalog();
        const click = h.clickData(catalog);
        await h.sendClicks([click]);
        const after = h.postbackData(click.clickId);
        await h.sendPostbacks([after]);
        const letter = await eventually(() => {
          const found = dlq.messages.find((m) => m.key === key);
          if (!found) throw new Error('no dead letter yet');
          return found;
        });
        expect(letter.headers['x-dlq-error']).toContain('data.postbackId');
        expect(await h.settled(after.postbackId)).toMatchObject({ outcome: 'accepted' });
      } finally {
        await dlq.stop();
      }
    });
  });

  describe('a database failure', () => {
    it('stalls the partition with readiness naming it, retries on, and heals by itself', async () => {
      const catalog = await h.catalog();
      const click = h.clickData(catalog);
      await h.sendClicks([click]);
      // The postback log is the first table a postback batch touches: without it, every attempt fails.
      await h.db.query('ALTER TABLE postback_log RENAME TO postback_log_away');
      let restored = false;
      try {
        const postback = h.postbackData(click.clickId, { txid: 'OUTAGE' });
        await h.sendPostbacks([postback]);
        const stalled = await eventually(
          async () => {
            const ready = await app.inject({ method: 'GET', url: '/health/ready' });
            expect(ready.statusCode).toBe(503);
            return ready.body;
          },
          { timeoutMs: 40_000, maxIntervalMs: 1000 },
        );
        expect(stalled).toMatch(/consumer \S+\.postbacks stalled on postbacks\.received\.v1\[\d\], retrying/);

        await h.db.query('ALTER TABLE postback_log_away RENAME TO postback_log');
        restored = true;
        expect(await h.settled(postback.postbackId)).toMatchObject({ outcome: 'accepted' });
        expect(await h.conversions(click.clickId)).toHaveLength(1);
        await eventually(async () => {
          expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
        });
      } finally {
        if (!restored) await h.db.query('ALTER TABLE postback_log_away RENAME TO postback_log');
      }
    });
  });

  describe('rejected postbacks', () => {
    it('logs an ingress rejection once, however often it is delivered', async () => {
      const clickId = codec.generate();
      const postbackId = randomUUID();
      const topic = TOPICS.postbacksRejected.name;
      const message = eventMessage(
        topic,
        {
          postbackId,
          clickId,
          params: { cid: clickId, payout: 'abc' },
          reason: 'invalid-payout',
          message: 'payout is not a decimal',
          field: 'payout',
          sourceIp: '2001:db8::9',
          receivedAt: new Date().toISOString(),
          warnings: [{ field: 'txid', code: 'unsubstituted-macro', macro: '{txid}' }],
        },
        { id: postbackId },
      );
      await h.sendMessages([message]);
      await h.sendMessages([message]);
      const entry = await h.settled(postbackId);
      expect(entry).toMatchObject({
        outcome: 'rejected',
        reason: 'invalid-payout',
        message: 'payout is not a decimal',
        clickId,
        sourceIp: '2001:db8::9',
        params: { cid: clickId, payout: 'abc' },
      });
      expect(entry.warnings).toEqual([
        { code: 'unsubstituted-macro', message: 'txid: placeholder {txid} was treated as absent' },
      ]);
      const [{ count }] = await h.db.query<{ count: string }[]>(
        `SELECT count(*)::text AS count FROM postback_log WHERE id = $1`,
        [postbackId],
      );
      expect(count).toBe('1');
    });
  });

  describe('start-up', () => {
    it('refuses a schema without migrations, saying to run them', async () => {
      const empty = uniqueSchema('attribution_empty');
      await h.db.query(`CREATE SCHEMA ${empty}`);
      const db = await createDataSource({ url: infra.databaseUrl, schema: empty }).initialize();
      try {
        await expect(assertSchemaMigrated(db, empty)).rejects.toThrow(/run `migrate up`/);
        await expect(assertSchemaMigrated(h.db, h.schema)).resolves.toBeUndefined();
      } finally {
        await db.destroy();
        await h.db.query(`DROP SCHEMA ${empty} CASCADE`);
      }
    });
  });
});
