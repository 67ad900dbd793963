import { RollupTriggersPreAggregated1795469200000 } from '../src/migrations/1795469200000-rollup-triggers-pre-aggregated';
import { runMigrations } from '../src';
import { expectSameRollupsForAnyWrites, rollupFunctionBodies } from './rollup-equivalence';
import { createTestDatabase, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795469200000: the rollup triggers sum a statement's rows per full key before the
 * three upserts. Sums are associative, so every rollup must come out as the per-row triggers
 * made it, whatever is written, including an UPDATE whose old and new rows cancel out.
 */
describe('migration: rollup triggers with a pre-aggregated delta', () => {
  let preAggregated: TestDatabase;
  let perRow: TestDatabase;

  beforeAll(async () => {
    preAggregated = await createTestDatabase('rollup_pre');
    perRow = await createTestDatabase('rollup_per_row', { migrate: false });
    await runMigrations({ url: perRow.url, schema: perRow.schema });
    await undoMigrationsFrom(perRow, RollupTriggersPreAggregated1795469200000);
  });
  afterAll(async () => {
    await preAggregated.drop();
    await perRow.drop();
  });

  it('sums the rows first, and going down brings the per-row functions back', async () => {
    const up = await rollupFunctionBodies(preAggregated);
    expect(up).toHaveLength(2);
    for (const body of up) expect(body).toContain('sum(y.sign) AS sign');
    const down = await rollupFunctionBodies(perRow);
    expect(down).toHaveLength(2);
    for (const body of down) {
      expect(body).not.toContain('sum(y.sign)');
      expect(body).not.toContain('EXECUTE');
    }
  });

  it('keeps every rollup exactly as the per-row triggers do, for any sequence of writes', async () => {
    await expectSameRollupsForAnyWrites(preAggregated, perRow);
  });

  it('folds a batch of many conversions of few keys into the same rollups', async () => {
    // The case the migration is for: hundreds of rows, a handful of keys (five visitor tuples).
    const values = (schema: TestDatabase) =>
      schema.dataSource.query(
        `INSERT INTO conversions (id, click_id, event_type, dedupe_key, status, payout_amount, payout_currency,
                                  converted_at, clicked_at, campaign_id, offer_id, affiliate_network_id,
                                  traffic_source_id, vars, country, device)
         SELECT gen_random_uuid(), lpad(g::text, 26, '0'), 'sale', 'T' || g, 'approved', 1.25 + g % 3, 'USD',
                timestamptz '2026-06-01 10:00:00+00' + g * interval '1 second', timestamptz '2026-06-01 09:00:00+00',
                '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002',
                '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004',
                jsonb_build_object('var1', 'zone-' || g % 2), (ARRAY['US', 'DE', 'BR', 'IN', 'FR'])[g % 5 + 1], 'mobile'
           FROM generate_series(1, 500) g`,
      );
    await values(preAggregated);
    await values(perRow);
    const visitor = (db: TestDatabase) =>
      db.dataSource.query<{ country: string; conversions: string; amount: string }[]>(
        `SELECT country, sum(conversions)::text AS conversions, sum(amount)::text AS amount
           FROM report_conversion_visitor_rollup GROUP BY country ORDER BY country`,
      );
    const folded = await visitor(preAggregated);
    expect(folded).toEqual(await visitor(perRow));
    expect(folded.map((row) => Number(row.conversions)).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
      500,
    );
  });
});
