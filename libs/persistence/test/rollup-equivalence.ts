import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { ClickRepository, type NewClick } from '../src';
import { clickAt, conversionFor } from './factories';
import type { TestDatabase } from './test-database';

/** The bodies of the two rollup trigger functions of a schema. */
export async function rollupFunctionBodies(db: TestDatabase): Promise<string[]> {
  const rows = await db.dataSource.query<{ prosrc: string }[]>(
    `SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.proname IN ('report_rollup_clicks', 'report_rollup_conversions')`,
    [db.schema],
  );
  return rows.map((row) => row.prosrc);
}

const ROLLUPS = ['click', 'conversion'].flatMap((kind) =>
  ['catalog', 'visitor', 'variable'].map((rollup) => `report_${kind}_${rollup}_rollup`),
);
const rollups = async (db: TestDatabase): Promise<Record<string, unknown[]>> => {
  const tables: Record<string, unknown[]> = {};
  for (const table of ROLLUPS) {
    // Catalog ids come from an identity column: compare the tuples they stand for, in an order
    // of their own (an UPDATE moves a rollup row in the heap, so scan order differs by schema).
    tables[table] = await db.dataSource.query(
      `SELECT row FROM (SELECT to_jsonb(r) - 'catalog' || to_jsonb(k) - 'id' AS row
                          FROM ${table} r JOIN report_catalog_keys k ON k.id = r.catalog) t
        ORDER BY row::text`,
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

/**
 * For migrations that rewrite the rollup triggers: any sequence of click inserts and conversion
 * inserts, updates and deletes, each a multi-row statement (so a trigger folds rows together),
 * must leave the six rollups of `a` exactly as those of `b`. The same writes go to both schemas.
 */
export async function expectSameRollupsForAnyWrites(a: TestDatabase, b: TestDatabase): Promise<void> {
  const base = new Date('2026-06-01T10:00:00Z').getTime();
  const clicks: NewClick[] = [];
  const conversions: string[] = [];
  const both = async (sql: string, params: unknown[]): Promise<void> => {
    for (const db of [a, b]) await db.dataSource.query(sql, params);
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
          for (const db of [a, b]) await new ClickRepository(db.dataSource).insertMany(batch);
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
      expect(await rollups(a)).toEqual(await rollups(b));
    }),
    { numRuns: 25 },
  );
  // The property compared something: clicks and conversions were counted.
  const counted = await rollups(a);
  expect(counted.report_click_visitor_rollup.length).toBeGreaterThan(0);
  expect(counted.report_conversion_visitor_rollup.length).toBeGreaterThan(0);
}
