import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ClickRepository, runMigrations, type NewClick } from '../src';
import { RollupTriggersCachedPlans1795469190000 } from '../src/migrations/1795469190000-rollup-triggers-cached-plans';
import { clickAt, conversionFor } from './factories';
import { createTestDatabase, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795469190000: the rollup triggers run their upserts as static SQL (plans cached per
 * session) instead of EXECUTE. Any sequence of click inserts and conversion inserts, updates and
 * deletes, each a multi-row statement, must leave every rollup exactly as the planned-each-time
 * functions do: the same writes go to a schema with the migration and one without it.
 */
describe('migration: rollup triggers with cached plans', () => {
  let cached: TestDatabase;
  let plannedEachTime: TestDatabase;

  beforeAll(async () => {
    cached = await createTestDatabase('rollup_cached');
    plannedEachTime = await createTestDatabase('rollup_each', { migrate: false });
    await runMigrations({ url: plannedEachTime.url, schema: plannedEachTime.schema });
    await undoMigrationsFrom(plannedEachTime, RollupTriggersCachedPlans1795469190000);
  });
  afterAll(async () => {
    await cached.drop();
    await plannedEachTime.drop();
  });

  const bodies = async (db: TestDatabase): Promise<string[]> =>
    (
      await db.dataSource.query<{ prosrc: string }[]>(
        `SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = $1 AND p.proname IN ('report_rollup_clicks', 'report_rollup_conversions')`,
        [db.schema],
      )
    ).map((row) => row.prosrc);

  it('writes static SQL, and going down brings EXECUTE back', async () => {
    const up = await bodies(cached);
    expect(up).toHaveLength(2);
    for (const body of up) {
      expect(body).not.toContain('EXECUTE');
      expect(body).toContain("IF TG_OP = 'INSERT' THEN");
    }
    const down = await bodies(plannedEachTime);
    expect(down).toHaveLength(2);
    for (const body of down) expect(body).toContain('EXECUTE format(');
  });

  const ROLLUPS = ['click', 'conversion'].flatMap((kind) =>
    ['catalog', 'visitor', 'variable'].map((rollup) => `report_${kind}_${rollup}_rollup`),
  );
  const rollups = async (db: TestDatabase): Promise<Record<string, unknown[]>> => {
    const tables: Record<string, unknown[]> = {};
    for (const table of ROLLUPS) {
      // Catalog ids come from an identity column: compare the tuples they stand for.
      tables[table] = await db.dataSource.query(
        `SELECT to_jsonb(r) - 'catalog' || to_jsonb(k) - 'id' AS row
           FROM ${table} r JOIN report_catalog_keys k ON k.id = r.catalog ORDER BY 1::text`,
      );
    }
    return tables;
  };

  const catalogs = [0, 1].map(() => ({
    campaignId: randomUUID(),
    offerId: randomUUID(),
    affiliateNetworkId: randomUUID(),
    trafficSourceId: randomUUID(),
  }));
  const clickArbitrary = fc.record({
    catalog: fc.constantFrom(...catalogs),
    minute: fc.integer({ min: 0, max: 120 }),
    country: fc.constantFrom('DE', 'BR', undefined),
    device: fc.constantFrom('mobile', 'desktop', undefined),
    var1: fc.constantFrom('zone-1', 'zone-2', ''),
    var2: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    bot: fc.boolean(),
    test: fc.boolean(),
    cost: fc.constantFrom('0.010000', '0.250000'),
  });
  const STATUSES = ['approved', 'pending', 'declined'] as const;
  const operation = fc.oneof(
    fc.record({
      kind: fc.constant('clicks' as const),
      clicks: fc.array(clickArbitrary, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('convert' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      status: fc.constantFrom(...STATUSES),
      payout: fc.constantFrom('1.000000', '7.500000'),
    }),
    fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      status: fc.constantFrom(...STATUSES),
      payout: fc.constantFrom('2.000000', '9.000000'),
    }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  );

  it('keeps every rollup exactly as the planned-each-time triggers do, for any sequence of writes', async () => {
    const base = new Date('2026-06-01T10:00:00Z').getTime();
    const clicks: NewClick[] = [];
    const conversions: string[] = [];
    const both = async (sql: string, params: unknown[]): Promise<void> => {
      for (const db of [cached, plannedEachTime]) await db.dataSource.query(sql, params);
    };
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), async (operations) => {
        for (const op of operations) {
          if (op.kind === 'clicks') {
            const batch = op.clicks.map((c) =>
              clickAt(new Date(base + c.minute * 60_000), {
                ...c.catalog,
                country: c.country,
                device: c.device,
                vars: { var1: c.var1, ...(c.var2 === undefined ? {} : { var2: c.var2 }) },
                bot: c.bot,
                test: c.test,
                cost: c.cost,
              }),
            );
            for (const db of [cached, plannedEachTime])
              await new ClickRepository(db.dataSource).insertMany(batch);
            clicks.push(...batch);
          } else if (op.kind === 'convert' && clicks.length > 0) {
            const rows = op.picks.map((pick) => {
              const click = clicks[pick % clicks.length];
              return {
                id: randomUUID(),
                ...conversionFor(click, { status: op.status, payoutAmount: op.payout }),
              };
            });
            // One multi-row statement: the trigger folds the rows together.
            const values = rows.map(
              (_, i) => `(${Array.from({ length: 16 }, (__, j) => `$${String(i * 16 + j + 1)}`).join(', ')})`,
            );
            await both(
              `INSERT INTO conversions (id, click_id, event_type, dedupe_key, status, payout_amount, payout_currency,
                                        converted_at, clicked_at, campaign_id, offer_id, affiliate_network_id,
                                        traffic_source_id, vars, country, device)
               VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
              rows.flatMap((row) => [
                row.id,
                row.clickId,
                row.eventType,
                // A dedupe key per row: picking one click twice makes two sales.
                row.id,
                row.status,
                row.payoutAmount,
                row.payoutCurrency,
                row.convertedAt,
                row.clickedAt,
                row.campaignId,
                row.offerId,
                row.affiliateNetworkId,
                row.trafficSourceId,
                JSON.stringify(row.vars),
                row.country,
                row.device,
              ]),
            );
            conversions.push(...rows.map((row) => row.id));
          } else if (op.kind === 'update' && conversions.length > 0) {
            const id = conversions[op.pick % conversions.length];
            await both(`UPDATE conversions SET status = $2, payout_amount = $3 WHERE id = $1`, [
              id,
              op.status,
              op.payout,
            ]);
          } else if (op.kind === 'delete' && conversions.length > 0) {
            const [id] = conversions.splice(op.pick % conversions.length, 1);
            await both(`DELETE FROM conversions WHERE id = $1`, [id]);
          }
        }
        expect(await rollups(cached)).toEqual(await rollups(plannedEachTime));
      }),
      { numRuns: 25 },
    );
    // The property compared something: clicks and conversions were counted.
    const counted = await rollups(cached);
    expect(counted.report_click_visitor_rollup.length).toBeGreaterThan(0);
    expect(counted.report_conversion_visitor_rollup.length).toBeGreaterThan(0);
  });
});
