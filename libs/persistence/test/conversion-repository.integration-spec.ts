import { randomUUID } from 'node:crypto';
import { ConversionRepository, type NewConversion } from '../src';
import { allPages, clickAt, conversionFor } from './factories';
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

  it('stores a new conversion at revision 1 and reads every field back', async () => {
    const input = conversionFor(clickAt(new Date('2030-05-01T10:00:00Z')), {
      txid: 'T-991',
      dedupeKey: 'T-991',
    });
    const { created, conversion } = await conversions.insertIfAbsent(input);
    expect(created).toBe(true);
    expect(conversion).toEqual({
      ...input,
      originalStatus: null,
      test: false,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      revision: 1,
      createdAt: expect.any(Date) as unknown,
      updatedAt: expect.any(Date) as unknown,
    });
    expect(await conversions.findById(conversion.id)).toEqual(conversion);
  });

  it('returns the existing conversion, untouched, for the same identity', async () => {
    const input = conversionFor(clickAt(new Date()));
    const first = await conversions.insertIfAbsent(input);
    const again = await conversions.insertIfAbsent({
      ...input,
      status: 'declined',
      payoutAmount: '99.000000',
    });
    expect(again).toEqual({ created: false, conversion: first.conversion });
  });

  it('lets exactly one of many concurrent inserts of one identity win', async () => {
    const input = conversionFor(clickAt(new Date()), { eventType: 'sale', txid: 'T-1', dedupeKey: 'T-1' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        conversions.insertIfAbsent({ ...input, postbackId: randomUUID(), payoutAmount: `${i}.000000` }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const ids = new Set(results.map((result) => result.conversion.id));
    expect(ids.size).toBe(1);
    const [{ count }] = await db.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM conversions WHERE click_id = $1`,
      [input.clickId],
    );
    expect(count).toBe('1');
  });

  it('tells identities apart by event type and dedupe key (upsells, duplicate-accepting networks)', async () => {
    const click = clickAt(new Date());
    const variants: NewConversion[] = [
      conversionFor(click),
      conversionFor(click, { eventType: 'lead' }),
      conversionFor(click, { txid: 'UPSELL-1', dedupeKey: 'UPSELL-1' }),
      conversionFor(click, { dedupeKey: randomUUID() }),
      conversionFor(click, { dedupeKey: randomUUID() }),
    ];
    const results = await Promise.all(variants.map((variant) => conversions.insertIfAbsent(variant)));
    expect(results.every((result) => result.created)).toBe(true);
    expect((await conversions.list({ clickId: click.clickId })).items).toHaveLength(5);
  });

  it('changes the status with revision + 1, only when it differs', async () => {
    const { conversion } = await conversions.insertIfAbsent(conversionFor(clickAt(new Date())));
    const reversal = randomUUID();
    const declined = await conversions.changeStatus({
      conversionId: conversion.id,
      status: 'declined',
      postbackId: reversal,
    });
    expect(declined).toMatchObject({
      id: conversion.id,
      status: 'declined',
      revision: 2,
      postbackId: reversal,
    });
    expect(declined!.updatedAt.getTime()).toBeGreaterThanOrEqual(conversion.updatedAt.getTime());

    expect(await conversions.changeStatus({ conversionId: conversion.id, status: 'declined' })).toBeNull();
    expect(await conversions.changeStatus({ conversionId: randomUUID(), status: 'approved' })).toBeNull();
    const back = await conversions.changeStatus({ conversionId: conversion.id, status: 'approved' });
    expect(back).toMatchObject({ revision: 3, status: 'approved', postbackId: reversal });
  });

  it('applies concurrent identical status changes once', async () => {
    const { conversion } = await conversions.insertIfAbsent(conversionFor(clickAt(new Date())));
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        conversions.changeStatus({ conversionId: conversion.id, status: 'pending' }),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect((await conversions.findById(conversion.id))!.revision).toBe(2);
  });

  it('lists by campaign and time window, newest first, across pages', async () => {
    const campaignId = randomUUID();
    const base = new Date('2030-06-01T00:00:00Z');
    for (let hour = 0; hour < 10; hour += 1) {
      const click = clickAt(new Date(base.getTime() + hour * 3_600_000), { campaignId });
      await conversions.insertIfAbsent(
        conversionFor(click, { convertedAt: new Date(click.clickedAt.getTime() + 1000) }),
      );
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
