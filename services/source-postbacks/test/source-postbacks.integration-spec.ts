import { randomUUID } from 'node:crypto';
import { eventually } from '@clickledger/testing';
import { ClickRepository } from '@clickledger/persistence';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { SourcePostbacksHarness } from './source-postbacks-harness';
import { TrafficSourceSink } from './traffic-source-sink';

describe('source-postbacks: notifying traffic sources (CONTRACT §9)', () => {
  const h = new SourcePostbacksHarness();
  const sink = new TrafficSourceSink();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    await sink.start();
    app = await h.startApp();
  });

  afterAll(async () => {
    await app.close();
    await sink.stop();
    await h.tearDown();
  });

  const delivered = (conversionId: string, count = 1) =>
    eventually(
      async () => {
        const rows = await h.deliveriesOf(conversionId);
        expect(rows.map((r) => r.outcome)).toEqual(Array<string>(count).fill('delivered'));
        return rows;
      },
      { timeoutMs: 20_000 },
    );

  it('fills every token, URL-encoded, and logs the attempt with a cut of the answer', async () => {
    const template =
      '/tokens?ext={externalid}&cid={clickid}&p={payout}&cur={currency}&st={status}&tx={txid}&et={eventtype}' +
      '&c={campaign.id}&o={offer.id}&cost={cost}&v1={var1}&v2={var2}&conv={conversion.id}&ts={timestamp}';
    const catalog = await h.catalog({ postbackUrl: sink.url(template) });
    const event = h.conversion(catalog, {
      externalId: 'ext 1&x=y',
      txid: 'T/9 #1',
      eventType: 'sale',
      vars: { var1: 'zone/9 ü' },
      convertedAt: '2026-11-30T12:00:00.000Z',
    });
    // The click, for {cost}: found by click ID and time in its partition.
    await new ClickRepository(h.db).insertMany([
      {
        clickId: event.clickId,
        clickedAt: new Date(event.clickedAt),
        campaignId: catalog.campaignId,
        offerId: catalog.offerId,
        affiliateNetworkId: catalog.networkId,
        trafficSourceId: catalog.trafficSourceId,
        cost: '0.0125',
      },
    ]);
    await h.publish([event]);
    const [row] = await delivered(event.conversionId);
    const [request] = sink.to('/tokens');
    expect(request.method).toBe('GET');
    expect(request.query).toBe(
      `ext=ext%201%26x%3Dy&cid=${event.clickId}&p=12.5&cur=USD&st=approved&tx=T%2F9%20%231&et=sale` +
        `&c=${catalog.campaignId}&o=${catalog.offerId}&cost=0.0125&v1=zone%2F9%20%C3%BC&v2=` +
        `&conv=${event.conversionId}&ts=1796040000`,
    );
    const attempts = await h.attemptsOf(row.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, statusCode: 200, outcome: 'delivered', method: 'GET' });
    // Bounded reading: the sink answered > 4 KB, the log keeps 1 KiB.
    expect(Buffer.byteLength(attempts[0].responseExcerpt ?? '')).toBeLessThanOrEqual(1024);
    expect(attempts[0].responseExcerpt).toMatch(/^answer 200 x+/);
  });

  it('POSTs the query as a form when the source asks for POST', async () => {
    const catalog = await h.catalog({
      postbackUrl: sink.url('/form?cid={clickid}&p={payout}'),
      postbackMethod: 'POST',
    });
    const event = h.conversion(catalog);
    await h.publish([event]);
    await delivered(event.conversionId);
    expect(sink.to('/form')).toEqual([
      expect.objectContaining({
        method: 'POST',
        query: '',
        body: `cid=${event.clickId}&p=12.5`,
        contentType: 'application/x-www-form-urlencoded',
      }),
    ]);
  });

  it('sends once per (conversion, revision, URL): duplicates and redeliveries add nothing', async () => {
    const catalog = await h.catalog({
      postbackUrl: sink.url('/dup?cid={clickid}&st={status}'),
      postbackStatuses: ['approved', 'declined'],
    });
    const event = h.conversion(catalog);
    // The same event three times: one batch, and again later (a Kafka redelivery).
    await h.publish([event, event]);
    await delivered(event.conversionId);
    await h.publish([event]);
    // A status change is a new revision: notified too, since declined is in the statuses.
    const reversal = { ...event, revision: 2, status: 'declined' as const };
    await h.publish([reversal]);
    await delivered(event.conversionId, 2);
    // A pending revision is not in the statuses: nothing.
    await h.publish([{ ...event, revision: 3, status: 'pending' as const }]);
    // A marker after it on the same partition (same click ID): once it is delivered, the earlier ones were handled.
    await h.publish([{ ...event, conversionId: randomUUID() }]);
    await eventually(() => {
      expect(sink.to('/dup').map((r) => r.query)).toEqual([
        `cid=${event.clickId}&st=approved`,
        `cid=${event.clickId}&st=declined`,
        `cid=${event.clickId}&st=approved`,
      ]);
    });
    expect((await h.deliveriesOf(event.conversionId)).map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it.each([
    ['500s', [500, 500, 200] as const],
    ['429s', [429, 429, 200] as const],
    ['a timeout', ['hang', 200] as const],
  ])('retries %s until the source accepts', async (name, answers) => {
    const path = `/retry-${name.replace(/\W/g, '')}`;
    sink.script(path, [...answers]);
    const catalog = await h.catalog({ postbackUrl: sink.url(`${path}?cid={clickid}`) });
    const event = h.conversion(catalog);
    await h.publish([event]);
    const [row] = await delivered(event.conversionId);
    const attempts = await h.attemptsOf(row.id);
    expect(attempts.map((a) => a.outcome)).toEqual([...answers.slice(0, -1).map(() => 'retry'), 'delivered']);
    expect(attempts.map((a) => a.statusCode)).toEqual(answers.map((a) => (a === 'hang' ? null : a)));
    if (answers[0] === 'hang') expect(attempts[0].error).toMatch(/within 1500ms/);
    expect(sink.to(path)).toHaveLength(answers.length);
  });

  it('a 4xx other than 429 is final', async () => {
    sink.script('/gone', [404]);
    const catalog = await h.catalog({ postbackUrl: sink.url('/gone?cid={clickid}') });
    const event = h.conversion(catalog);
    await h.publish([event]);
    const [row] = await eventually(async () => {
      const rows = await h.deliveriesOf(event.conversionId);
      expect(rows.map((r) => r.outcome)).toEqual(['failed']);
      return rows;
    });
    // Final: no next attempt is scheduled, so no sender will ever claim it again.
    expect(row.nextAttemptAt).toBeNull();
    expect(row.lastStatusCode).toBe(404);
    expect(sink.to('/gone')).toHaveLength(1);
    expect(await h.attemptsOf(row.id)).toMatchObject([{ attempt: 1, statusCode: 404, outcome: 'failed' }]);
  });

  it("sends the campaign's postback URL instead of the source's when it has one", async () => {
    const catalog = await h.catalog({
      postbackUrl: sink.url('/source-url?cid={clickid}'),
      campaignPostbackUrl: sink.url('/campaign-url?cid={clickid}&c={campaign.id}'),
    });
    const event = h.conversion(catalog);
    await h.publish([event]);
    await delivered(event.conversionId);
    expect(sink.to('/source-url')).toHaveLength(0);
    expect(sink.to('/campaign-url').map((r) => r.query)).toEqual([
      `cid=${event.clickId}&c=${catalog.campaignId}`,
    ]);
  });

  it('resend sends a delivered postback again and logs a second attempt', async () => {
    const catalog = await h.catalog({ postbackUrl: sink.url('/resend?cid={clickid}') });
    const event = h.conversion(catalog);
    await h.publish([event]);
    const [row] = await delivered(event.conversionId);
    const resent = await h.deliveries.resend(row.id, 60_000);
    expect(resent?.outcome).toBe('pending');
    await eventually(async () => {
      expect(await h.attemptsOf(row.id)).toMatchObject([
        { attempt: 1, outcome: 'delivered' },
        { attempt: 2, outcome: 'delivered' },
      ]);
    });
    expect(sink.to('/resend')).toHaveLength(2);
    expect((await h.deliveriesOf(event.conversionId))[0]?.outcome).toBe('delivered');
  });

  it('records a stored URL that cannot be sent as failed, saying why', async () => {
    const catalog = await h.catalog({ postbackUrl: 'https://source.example/pb?c={country}' });
    const event = h.conversion(catalog);
    await h.publish([event]);
    await eventually(async () => {
      const [row] = await h.deliveriesOf(event.conversionId);
      expect(row).toMatchObject({ outcome: 'failed', attempts: 0 });
      expect(row.lastError).toContain('unknown token {country}');
    });
  });
});

describe('source-postbacks: a dead destination does not slow the others', () => {
  const h = new SourcePostbacksHarness();
  const sink = new TrafficSourceSink();
  const dead = new TrafficSourceSink();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    await sink.start();
    await dead.start();
    // A long timeout: the dead host's attempts stay in flight for the whole test.
    app = await h.startApp({ SOURCE_POSTBACK_TIMEOUT: '20s' });
  });

  afterAll(async () => {
    await dead.stop(); // ends the hanging attempts, so the app's shutdown does not wait for them
    await app.close();
    await sink.stop();
    await h.tearDown();
  });

  it('delivers to a healthy host while a hanging one holds only its own slots', async () => {
    dead.script('/dead', ['hang']);
    const deadCatalog = await h.catalog({ postbackUrl: dead.url('/dead?cid={clickid}') });
    const healthyCatalog = await h.catalog({ postbackUrl: sink.url('/healthy?cid={clickid}') });
    // The dead host's backlog first, then the healthy host's, in the same partitions.
    await h.publish(Array.from({ length: 40 }, () => h.conversion(deadCatalog)));
    await eventually(() => {
      expect(dead.to('/dead')).toHaveLength(4);
    });
    const healthyEvents = Array.from({ length: 40 }, () => h.conversion(healthyCatalog));
    const publishedAt = Date.now();
    await h.publish(healthyEvents);
    await eventually(
      () => {
        expect(sink.to('/healthy')).toHaveLength(40);
      },
      { timeoutMs: 15_000 },
    );
    const slowest = Math.max(...sink.to('/healthy').map((r) => r.at)) - publishedAt;
    // All healthy deliveries arrived while the dead host's first attempts were still hanging
    // (none has been recorded yet), each well within that host's 20 s timeout.
    expect(slowest).toBeLessThan(10_000);
    const deadRows = (await h.deliveries.list({ trafficSourceId: deadCatalog.trafficSourceId, limit: 500 }))
      .items;
    expect(deadRows).toHaveLength(40);
    expect(deadRows.every((r) => r.outcome === 'pending')).toBe(true);
    expect(await h.deliveries.attemptsOf(deadRows.map((r) => r.id))).toEqual([]);
    // The dead host only ever held its own slots (SOURCE_POSTBACK_HOST_CONCURRENCY, default 4).
    expect(dead.to('/dead')).toHaveLength(4);
    process.stdout.write(`source-postbacks dead host: slowest healthy delivery ${String(slowest)} ms\n`);
  });
});

describe('source-postbacks: circuit breaker per host', () => {
  const h = new SourcePostbacksHarness();
  const sink = new TrafficSourceSink();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    await sink.start();
    app = await h.startApp({
      SOURCE_POSTBACK_CIRCUIT_FAILURES: '3',
      SOURCE_POSTBACK_CIRCUIT_COOLDOWN: '60s',
    });
  });

  afterAll(async () => {
    await app.close();
    await sink.stop();
    await h.tearDown();
  });

  it('stops sending to a failing host and parks its deliveries until the circuit may be probed', async () => {
    sink.script('/broken', [500]);
    const catalog = await h.catalog({ postbackUrl: sink.url('/broken?cid={clickid}') });
    await h.publish(Array.from({ length: 10 }, () => h.conversion(catalog)));
    // Three failures open it; at most the attempts already in flight (4 slots) follow.
    await eventually(
      () => {
        expect(sink.to('/broken').length).toBeGreaterThanOrEqual(3);
      },
      {
        timeoutMs: 15_000,
      },
    );
    const rows = await eventually(async () => {
      const found = (await h.deliveries.list({ trafficSourceId: catalog.trafficSourceId })).items;
      expect(found).toHaveLength(10);
      return found;
    });
    const sentWhenOpen = sink.to('/broken').length;
    // With retries every 100–400 ms, a closed circuit would send many more in this time.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sent = sink.to('/broken').length;
    expect(sent).toBe(sentWhenOpen);
    expect(sent).toBeLessThanOrEqual(3 + 4);
    const parked = (await h.deliveries.list({ trafficSourceId: catalog.trafficSourceId })).items;
    // Nothing lost or given up: every delivery waits, the attempted ones until the probe (~1 min).
    expect(parked.map((r) => r.outcome)).toEqual(Array<string>(10).fill('pending'));
    for (const row of parked.filter((r) => r.attempts > 0)) {
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    }
    const attempts = await h.deliveries.attemptsOf(rows.map((r) => r.id));
    expect(attempts).toHaveLength(sent);
    expect(attempts.every((a) => a.statusCode === 500 && a.outcome === 'retry')).toBe(true);
  });
});
