import { ConversionRepository, runMigrations } from '../src';
import { ConversionIdentityCCollation1795469500000 } from '../src/migrations/1795469500000-conversion-identity-c-collation';
import { clickAt, storedConversion } from './factories';
import { createTestDatabase, indexReadBy, type TestDatabase, undoMigrationsFrom } from './test-database';

/**
 * Migration 1795469500000 makes the conversion identity's columns compare byte by byte. The
 * identity must stay what it was: stored conversions keep it, a second insert of one is skipped,
 * and attribution's look-up of stored identities still reads the unique index.
 */
describe('migration: the conversion identity compares byte by byte', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('conv_identity_c', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const collations = async (): Promise<Record<string, string | null>> => {
    const rows = await db.dataSource.query<{ column_name: string; collation_name: string | null }[]>(
      `SELECT column_name, collation_name FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = 'conversions'
         AND column_name IN ('click_id', 'event_type', 'dedupe_key', 'txid')`,
      [db.schema],
    );
    return Object.fromEntries(rows.map((row) => [row.column_name, row.collation_name]));
  };

  // Attribution's look-up of stored identities (AttributionRepository.lockConversions).
  const byIdentity = `SELECT id FROM conversions c
    WHERE (c.click_id, c.event_type, c.dedupe_key) IN
          (SELECT * FROM unnest($1::char(26)[], $2::varchar[], $3::varchar[]))`;

  it('keeps stored identities, skips a second insert of one, reads the unique index, and goes back', async () => {
    await runMigrations({ url: db.url, schema: db.schema });
    await undoMigrationsFrom(db, ConversionIdentityCCollation1795469500000);
    expect(await collations()).toEqual({ click_id: null, event_type: null, dedupe_key: null, txid: null });

    const conversions = new ConversionRepository(db.dataSource);
    // Non-ASCII and mixed-case keys: equality must not change with the collation.
    const stored = storedConversion(clickAt(new Date()), { txid: 'Ördér-7', dedupeKey: 'Ördér-7' });
    await conversions.writeBatch({ inserts: [stored], updates: [], log: [] });

    await runMigrations({ url: db.url, schema: db.schema });
    expect(await collations()).toEqual({ click_id: 'C', event_type: 'C', dedupe_key: 'C', txid: null });

    const identity = [[stored.clickId], [stored.eventType], [stored.dedupeKey]];
    expect(await db.dataSource.query(byIdentity, identity)).toEqual([{ id: stored.id }]);
    expect(await indexReadBy(db, byIdentity, identity)).toBe('uq_conversions_identity');

    const again = storedConversion(clickAt(new Date()), {
      clickId: stored.clickId,
      eventType: stored.eventType,
      txid: stored.txid,
      dedupeKey: stored.dedupeKey,
    });
    const written = await conversions.writeBatch({ inserts: [again], updates: [], log: [] });
    expect(written).toMatchObject({ inserted: 0, skippedIds: [again.id] });

    await undoMigrationsFrom(db, ConversionIdentityCCollation1795469500000);
    expect(await collations()).toMatchObject({ click_id: null, event_type: null, dedupe_key: null });
    expect(await db.dataSource.query(byIdentity, identity)).toEqual([{ id: stored.id }]);
    await runMigrations({ url: db.url, schema: db.schema });
  });
});
