import fc from 'fast-check';
import { boolArray, execute, int4Array, timestamptzArray, uuidArray } from '../src';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * Binary array parameters (uuid, timestamptz, int4, bool) read by Postgres itself: for any values,
 * with nulls, the same array as the text literal of the same values, and a malformed value refused
 * here rather than sent as other bytes.
 */
describe('binary array parameters, any values, read back by Postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('binary_arrays', { migrate: false });
  });
  afterAll(async () => {
    await db.drop();
  });

  const select = async <T>(sql: string, params: unknown[]): Promise<T> => {
    const { rows } = await execute<{ value: T }>(db.dataSource.manager, sql, params);
    return rows[0].value;
  };
  const nullable = <T>(element: fc.Arbitrary<T>) =>
    fc.array(fc.option(element, { nil: null, freq: 5 }), { maxLength: 40 });
  // Upper-case hex too: uuid_in reads either.
  const uuid = fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
  );
  // Every instant a Date can hold that timestamptz can (it starts at 4713 BC).
  const instant = fc.oneof(
    fc.date({ min: new Date('-004713-11-25T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom(new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2000, 0, 1) - 1), new Date(0)),
    fc.integer({ min: -(2 ** 42), max: 2 ** 42 }).map((ms) => new Date(Date.UTC(2000, 0, 1) + ms)),
  );

  const isoInstant = fc.date({
    min: new Date('0001-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });

  it('reads uuid[] as the same uuids, in order, nulls kept', async () => {
    await fc.assert(
      fc.asyncProperty(nullable(uuid), async (ids) => {
        const back = await select<(string | null)[]>('SELECT $1::uuid[]::text[] AS value', [uuidArray(ids)]);
        expect(back).toEqual(ids.map((id) => id?.toLowerCase() ?? null));
      }),
      { numRuns: 300 },
    );
  });

  it('reads timestamptz[] as the same instants to the millisecond, far past and future included', async () => {
    await fc.assert(
      fc.asyncProperty(nullable(instant), async (instants) => {
        const back = await select<(string | null)[]>(
          `SELECT array(SELECT (extract(epoch FROM t) * 1000)::numeric::text FROM unnest($1::timestamptz[]) t) AS value`,
          [timestamptzArray(instants)],
        );
        expect(back.map((ms) => (ms === null ? null : Number(ms)))).toEqual(
          instants.map((at) => at?.getTime() ?? null),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads int4[] and bool[] as sent, the int range to its ends', async () => {
    await fc.assert(
      fc.asyncProperty(nullable(fc.integer()), nullable(fc.boolean()), async (ints, flags) => {
        const back = await select<[(number | null)[], (boolean | null)[]]>(
          'SELECT ARRAY[to_jsonb($1::int4[]), to_jsonb($2::bool[])] AS value',
          [int4Array(ints), boolArray(flags)],
        );
        expect(back).toEqual([ints, flags]);
      }),
      { numRuns: 300 },
    );
  });

  it('feeds unnest beside text arrays: the same rows as the text literals give', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Years 1–9999: ISO text outside them (`+010000-…`) is not something Postgres reads.
        fc.array(fc.tuple(uuid, isoInstant, fc.integer(), fc.boolean()), { maxLength: 30 }),
        async (rows) => {
          const columns = [
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            rows.map((r) => r[2]),
            rows.map((r) => r[3]),
          ] as const;
          const sql = `SELECT coalesce(jsonb_agg(jsonb_build_array(a, b, c, d)), '[]') AS value FROM
                       (SELECT unnest($1::uuid[]) a, unnest($2::timestamptz[]) b, unnest($3::int4[]) c,
                               unnest($4::bool[]) d) t`;
          const binary = await select<unknown[]>(sql, [
            uuidArray(columns[0]),
            timestamptzArray(columns[1]),
            int4Array(columns[2]),
            boolArray(columns[3]),
          ]);
          const text = await select<unknown[]>(sql, [
            columns[0],
            columns[1].map((at) => at.toISOString()),
            columns[2],
            columns[3],
          ]);
          expect(binary).toEqual(text);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses what is not a uuid, a valid Date, a 32-bit integer or a boolean', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 40 })
          .filter((text) => !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(text)),
        (text) => {
          expect(() => uuidArray([text])).toThrow(TypeError);
        },
      ),
    );
    expect(() => uuidArray(['0190abcd-1234-7abc-8def-0123456789aé'])).toThrow(/element 0 is not a UUID/);
    expect(() => timestamptzArray([new Date(Number.NaN)])).toThrow(/not a valid Date/);
    expect(() => int4Array([2 ** 31])).toThrow(/not a 32-bit integer/);
    expect(() => int4Array([1.5])).toThrow(TypeError);
    expect(() => boolArray([1 as unknown as boolean])).toThrow(TypeError);
  });
});
