import fc from 'fast-check';
import { execute, jsonbElements, toJsonb } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The parameters every repository sends go through `execute`: arrays as Postgres array literals
 * (bare where nothing needs quoting), jsonb text cleaned only when it must be. Checked against
 * Postgres itself, over any input: what comes back is what went in, made storable (U+0000 and
 * lone surrogates as U+FFFD).
 */
describe('execute: array and jsonb parameters, any values, read back by Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('db_params', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const storable = (text: string): string => text.toWellFormed().replaceAll('\u0000', '\uFFFD');
  const select = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const { rows } = await execute<{ value: T }>(db.dataSource.manager, sql, params);
    return rows[0].value;
  };
  const tricky = fc.constantFrom(
    '',
    'NULL',
    'null',
    'Null',
    ' a ',
    '{}',
    '{a,b}',
    'a,b',
    '"',
    '\\',
    '\\"',
    'x\u0000y',
    '\ud800',
    'é',
  );
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }), tricky);

  it('reads back a text[] as sent: NULL stays null, "NULL" stays text, quotes, braces and spaces kept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 20 }), async (values) => {
        const back = await select<(string | null)[]>('SELECT $1::text[] AS value', [values]);
        expect(back).toEqual(values.map((value) => (value === null ? null : storable(value))));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back numbers, booleans and uuids in their arrays', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer(), { nil: null })),
        fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null })),
        fc.array(fc.boolean()),
        fc.array(fc.uuid()),
        async (ints, doubles, flags, ids) => {
          const back = await select<[number[], number[], boolean[], string[]]>(
            'SELECT ARRAY[to_jsonb($1::int[]), to_jsonb($2::float8[]), to_jsonb($3::boolean[]), to_jsonb($4::uuid[])] AS value',
            [ints, doubles, flags, ids],
          );
          // -0 is 0 in JSON; everything else exactly.
          expect(back).toEqual([ints, doubles.map((d) => (d === null ? null : d + 0)), flags, ids]);
        },
      ),
      { numRuns: 200 },
    );
  });

  const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), tricky);
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const clean = (item: unknown): unknown => {
    if (typeof item === 'string') return storable(item);
    if (Array.isArray(item)) return item.map(clean);
    if (item !== null && typeof item === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(item)) out[storable(k)] = clean(v);
      return out;
    }
    return item;
  };

  it('stores any JSON value as jsonb, cleaned only where Postgres would refuse it', async () => {
    await fc.assert(
      fc.asyncProperty(value, async (item) => {
        const back = await select<unknown>('SELECT $1::jsonb AS value', [toJsonb(item)]);
        expect(back).toEqual(clean(item));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a batch of jsonb values back from one JSON array, in order, null as NULL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(value, { nil: null }), { maxLength: 8 }), async (items) => {
        const back = await select<unknown[] | null>(
          `SELECT array_agg(NULLIF(e, 'null'::jsonb) ORDER BY n) AS value
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)`,
          [jsonbElements(items)],
        );
        expect(back ?? []).toEqual(items.map((item) => (item === null ? null : clean(item))));
      }),
      { numRuns: 300 },
    );
  });
});
