import { randomUUID } from 'node:crypto';
import { ConversionRepository, type PostbackLogWrite, type StoredConversion } from '../src';
import { allPages, clickAt, storedConversion } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('ConversionRepository', () => {
  let db: TestDatabase;
  let conversions: ConversionRepository;

  beforeAll(async () => {
    db = await createTestDatabase('conversions');
    conversions = new ConversionRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  const insert = (conversion: StoredConversion) =>
    conversions.writeBatch({ inserts: [conversion], updates: [], log: [] });

  it('stores a new conversion at revision 1 and reads every field back', async () => {
    const input = storedConversion(clickAt(new Date('2030-05-01T10:00:00Z')), {
      txid: 'T-991',
      dedupeKey: 'T-991',
    });
    expect(await insert(input)).toEqual({ inserted: 1, skippedIds: [], updated: 0, logged: 0 });
    expect(await conversions.findById(input.id)).toEqual({
      ...input,
      test: false,
      createdAt: expect.any(Date) as unknown,
      updatedAt: expect.any(Date) as unknown,
    });
  });

  it('leaves the existing conversion untouched for the same identity, and says so', async () => {
    const input = storedConversion(clickAt(new Date()));
    await insert(input);
    const retry = { ...input, id: randomUUID(), status: 'declined' as const, payoutAmount: '99.000000' };
    const again = await insert(retry);
    expect(again).toMatchObject({ inserted: 0, skippedIds: [retry.id] });
    expect(await conversions.findById(input.id)).toMatchObject({
      status: 'approved',
      payoutAmount: '12.500000',
    });
  });

  it('lets exactly one of many concurrent inserts of one identity win', async () => {
    const input = storedConversion(clickAt(new Date()), { eventType: 'sale', txid: 'T-1', dedupeKey: 'T-1' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        insert({ ...input, id: randomUUID(), postbackId: randomUUID(), payoutAmount: `${i}.000000` }),
      ),
    );
    expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(1);
    const [{ count }] = await db.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM conversions WHERE click_id = $1`,
      [input.clickId],
    );
    expect(count).toBe('1');
  });

  it('tells identities apart by event type and dedupe key (upsells, duplicate-accepting networks)', async () => {
    const click = clickAt(new Date());
    const variants: StoredConversion[] = [
      storedConversion(click),
      storedConversion(click, { eventType: 'lead' }),
      storedConversion(click, { txid: 'UPSELL-1', dedupeKey: 'UPSELL-1' }),
      storedConversion(click, { dedupeKey: randomUUID() }),
      storedConversion(click, { dedupeKey: randomUUID() }),
    ];
    const taken = storedConversion(click, { eventType: 'install' });
    await insert(taken);
    const retaken = { ...taken, id: randomUUID() };
    const result = await conversions.writeBatch({ inserts: [...variants, retaken], updates: [], log: [] });
    expect(result.inserted).toBe(5);
    // Exactly the conversion whose identity was stored already is named as skipped.
    expect(result.skippedIds).toEqual([retaken.id]);
    expect((await conversions.list({ clickId: click.clickId })).items).toHaveLength(6);
  });

  it('writes a new status and revision, and the log rows, in the same statement', async () => {
    const conversion = storedConversion(clickAt(new Date()));
    await insert(conversion);
    const before = (await conversions.findById(conversion.id))!;
    const reversal = randomUUID();
    const declined = { ...conversion, status: 'declined' as const, revision: 2, postbackId: reversal };
    const pending = logRow(conversion.clickId, { outcome: 'pending', conversionId: null });
    await conversions.writeBatch({ inserts: [], updates: [], log: [pending] });
    const counts = await conversions.writeBatch({
      inserts: [],
      updates: [declined],
      log: [
        {
          ...pending,
          outcome: 'status-changed',
          conversionId: conversion.id,
          revision: 2,
          status: 'declined',
        },
      ],
    });
    expect(counts).toEqual({ inserted: 0, skippedIds: [], updated: 1, logged: 1 });
    const after = (await conversions.findById(conversion.id))!;
    expect(after).toMatchObject({ status: 'declined', revision: 2, postbackId: reversal });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    // A final log row is never taken over again: a redelivered postback logs nothing new.
    const replay = await conversions.writeBatch({
      inserts: [],
      updates: [],
      log: [{ ...pending, outcome: 'duplicate' }],
    });
    expect(replay.logged).toBe(0);
  });

  it("stores each log row's parameters, warnings and pending event as jsonb, a missing event as NULL", async () => {
    const clickId = storedConversion(clickAt(new Date())).clickId;
    const event = { topic: 'postbacks.received.v1', data: { params: { 'a"b': '\\', constructor: 'x' } } };
    const pending = logRow(clickId, {
      outcome: 'pending',
      params: { cid: clickId, 'sub "1"': 'a,b {c}', payout: 'NULL' },
      warnings: [{ code: 'unknown-status', message: 'kept "pending"' }],
      pendingEvent: event,
    });
    const accepted = logRow(clickId, {});
    expect(
      await conversions.writeBatch({ inserts: [], updates: [], log: [pending, accepted] }),
    ).toMatchObject({
      logged: 2,
    });
    const rows: unknown[] = await db.dataSource.query(
      `SELECT id, params, warnings, pending_event AS event, pending_event IS NULL AS "noEvent"
       FROM postback_log WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC`,
      [[pending.id, accepted.id], pending.id],
    );
    expect(rows).toEqual([
      { id: pending.id, params: pending.params, warnings: pending.warnings, event, noEvent: false },
      { id: accepted.id, params: accepted.params, warnings: [], event: null, noEvent: true },
    ]);
  });

  it('lists by campaign and time window, newest first, across pages', async () => {
    const campaignId = randomUUID();
    const base = new Date('2030-06-01T00:00:00Z');
    for (let hour = 0; hour < 10; hour += 1) {
      const click = clickAt(new Date(base.getTime() + hour * 3_600_000), { campaignId });
      await insert(storedConversion(click, { convertedAt: new Date(click.clickedAt.getTime() + 1000) }));
    }
    const window = {
      campaignId,
      from: new Date('2030-06-01T02:00:00Z'),
      to: new Date('2030-06-01T08:00:00Z'),
    };
    const pages = await allPages((cursor) => conversions.list({ ...window, limit: 4, cursor }));
    expect(pages.map((page) => page.length)).toEqual([4, 2]);
    const hours = pages.flat().map((conversion) => conversion.convertedAt.getUTCHours());
    expect(hours).toEqual([7, 6, 5, 4, 3, 2]);
    expect((await conversions.list({ campaignId: randomUUID() })).items).toEqual([]);
  });
});

function logRow(clickId: string, overrides: Partial<PostbackLogWrite>): PostbackLogWrite {
  return {
    id: randomUUID(),
    receivedAt: new Date(),
    clickId,
    params: { cid: clickId },
    sourceIp: '203.0.113.7',
    warnings: [],
    outcome: 'accepted',
    reason: null,
    message: null,
    conversionId: null,
    revision: null,
    status: null,
    originalStatus: null,
    pendingEvent: null,
    ...overrides,
  };
}
