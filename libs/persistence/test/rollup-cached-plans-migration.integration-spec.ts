import { runMigrations } from '../src';
import { RollupTriggersCachedPlans1795469190000 } from '../src/migrations/1795469190000-rollup-triggers-cached-plans';
import { RollupTriggersPreAggregated1795469200000 } from '../src/migrations/1795469200000-rollup-triggers-pre-aggregated';
import { expectSameRollupsForAnyWrites, rollupFunctionBodies } from './rollup-equivalence';
import { createTestDatabase, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795469190000: the rollup triggers run their upserts as static SQL (plans cached per
 * session) instead of EXECUTE, and every rollup comes out as the planned-each-time functions made it.
 */
describe('migration: rollup triggers with cached plans', () => {
  let cached: TestDatabase;
  let plannedEachTime: TestDatabase;

  beforeAll(async () => {
    cached = await createTestDatabase('rollup_cached', { migrate: false });
    await runMigrations({ url: cached.url, schema: cached.schema });
    await undoMigrationsFrom(cached, RollupTriggersPreAggregated1795469200000);
    plannedEachTime = await createTestDatabase('rollup_each', { migrate: false });
    await runMigrations({ url: plannedEachTime.url, schema: plannedEachTime.schema });
    await undoMigrationsFrom(plannedEachTime, RollupTriggersCachedPlans1795469190000);
  });
  afterAll(async () => {
    await cached.drop();
    await plannedEachTime.drop();
  });

  it('writes static SQL, and going down brings EXECUTE back', async () => {
    const up = await rollupFunctionBodies(cached);
    expect(up).toHaveLength(2);
    for (const body of up) {
      expect(body).not.toContain('EXECUTE');
      expect(body).toContain("IF TG_OP = 'INSERT' THEN");
    }
    const down = await rollupFunctionBodies(plannedEachTime);
    expect(down).toHaveLength(2);
    for (const body of down) expect(body).toContain('EXECUTE format(');
  });

  it('keeps every rollup exactly as the planned-each-time triggers do, for any sequence of writes', async () => {
    await expectSameRollupsForAnyWrites(cached, plannedEachTime);
  });
});
