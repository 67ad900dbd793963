import { ClickRepository, runMigrations } from '../src';
import { ConversionVisitorFields1795469180000 } from '../src/migrations/1795469180000-conversion-visitor-fields';
import { clickAt } from './factories';
import { createTestDatabase, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795469180000: conversions keep their click's visitor fields, and the rollup trigger
 * reads them from the conversion instead of joining the click. Existing conversions are filled in
 * without moving anything in the rollups; afterwards a status change of a conversion whose click
 * is gone (retention) stays in its visitor tuple; going down restores the join.
 */
describe('migration: conversion visitor fields', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('conv_visitor', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    db.dataSource.query(sql, params);
  const visitorRollup = () =>
    q(`SELECT country, device, os, browser, status, conversions::int, amount::text
         FROM report_conversion_visitor_rollup WHERE conversions <> 0 ORDER BY status, country`);
  const columnsOfConversions = async () =>
    (
      await q<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = 'conversions' AND column_name IN ('country', 'device', 'os', 'browser')
          ORDER BY column_name`,
        [db.schema],
      )
    ).map((row) => row.column_name);

  it("copies the click's fields without moving the rollups, keeps a clickless conversion's tuple, and goes back", async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    await undoMigrationsFrom(db, ConversionVisitorFields1795469180000);
    expect(await columnsOfConversions()).toEqual([]);

    const click = clickAt(new Date('2026-05-04T10:00:00Z'), {
      country: 'BR',
      device: 'mobile',
      os: 'iOS',
      browser: 'Mobile Safari',
    });
    expect(await new ClickRepository(db.dataSource).insertMany([click])).toBe(1);
    // A conversion as the attribution wrote it before: no visitor fields, the trigger joined the click.
    await q(
      `INSERT INTO conversions (click_id, event_type, dedupe_key, status, payout_amount, payout_currency,
                                converted_at, clicked_at, campaign_id, offer_id, affiliate_network_id, traffic_source_id)
       VALUES ($1, 'sale', '', 'approved', 7.5, 'USD', '2026-05-04T11:00:00Z', $2, $3, $4, $5, $6)`,
      [
        click.clickId,
        click.clickedAt,
        click.campaignId,
        click.offerId,
        click.affiliateNetworkId,
        click.trafficSourceId,
      ],
    );
    const counted = [
      {
        country: 'BR',
        device: 'mobile',
        os: 'iOS',
        browser: 'Mobile Safari',
        status: 'approved',
        conversions: 1,
        amount: '7.500000',
      },
    ];
    expect(await visitorRollup()).toEqual(counted);

    await runMigrations({ url: db.url, schema: db.schema });
    expect(await q(`SELECT country, device, os, browser FROM conversions`)).toEqual([
      { country: 'BR', device: 'mobile', os: 'iOS', browser: 'Mobile Safari' },
    ]);
    expect(await visitorRollup()).toEqual(counted);

    // Retention removed the click; the network then declines the sale: it moves within its tuple.
    await q(`DELETE FROM clicks WHERE click_id = $1`, [click.clickId]);
    await q(`UPDATE conversions SET status = 'declined' WHERE click_id = $1`, [click.clickId]);
    expect(await visitorRollup()).toEqual([{ ...counted[0], status: 'declined' }]);

    await undoMigrationsFrom(db, ConversionVisitorFields1795469180000);
    expect(await columnsOfConversions()).toEqual([]);
    // The join again: with the click gone, the change is taken from and added to the unknown ('')
    // tuple, not the one the sale was counted under (what the visitor fields fixed).
    await q(`UPDATE conversions SET status = 'approved' WHERE click_id = $1`, [click.clickId]);
    const unknown = { country: '', device: '', os: '', browser: '' };
    expect(await visitorRollup()).toEqual([
      { ...unknown, status: 'approved', conversions: 1, amount: '7.500000' },
      { ...unknown, status: 'declined', conversions: -1, amount: '-7.500000' },
      { ...counted[0], status: 'declined' },
    ]);
  });
});
