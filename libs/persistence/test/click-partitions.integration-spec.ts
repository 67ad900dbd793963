import { addDays, ClickPartitionRepository, ClickRepository, partitionName, utcDay } from '../src';
import { clickAt } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('ClickPartitionRepository', () => {
  let db: TestDatabase;
  let partitions: ClickPartitionRepository;
  let clicks: ClickRepository;
  // A fixed calendar: this schema is private, so the days need not be real ones.
  const day0 = new Date('2031-03-10T00:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase('partitions');
    partitions = new ClickPartitionRepository(db.dataSource);
    clicks = new ClickRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  const names = async (): Promise<string[]> => (await partitions.list()).map((partition) => partition.name);
  const where = async (clickId: string): Promise<string> => {
    const [row] = await db.dataSource.query<{ partition: string }[]>(
      `SELECT tableoid::regclass::text AS partition FROM clicks WHERE click_id = $1`,
      [clickId],
    );
    return row.partition;
  };

  it('creates the day and the days ahead, once', async () => {
    const result = await partitions.ensureClickPartitions(new Date('2031-03-10T17:45:00Z'), 3);
    expect(result).toEqual({
      created: ['clicks_p20310310', 'clicks_p20310311', 'clicks_p20310312', 'clicks_p20310313'],
      movedFromDefault: 0,
    });
    expect(await partitions.ensureClickPartitions(day0, 3)).toEqual({ created: [], movedFromDefault: 0 });
    expect(await names()).toEqual([
      'clicks_default',
      'clicks_p20310310',
      'clicks_p20310311',
      'clicks_p20310312',
      'clicks_p20310313',
    ]);
    expect((await partitions.list()).find((p) => p.name === 'clicks_p20310311')?.day).toEqual(
      addDays(day0, 1),
    );
  });

  it('bounds each partition to exactly its UTC day', async () => {
    const [{ bound }] = await db.dataSource.query<{ bound: string }[]>(
      `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE oid = 'clicks_p20310311'::regclass`,
    );
    expect(bound).toMatch(/FROM \('2031-03-11 00:00:00(\+00)?'\) TO \('2031-03-12 00:00:00(\+00)?'\)/);
  });

  it('moves a day’s clicks out of DEFAULT when that day gets its partition, keeping the PK and indexes', async () => {
    const early = clickAt(new Date('2031-03-20T08:00:00Z'));
    const late = clickAt(new Date('2031-03-20T23:59:59.999Z'));
    const nextDay = clickAt(new Date('2031-03-21T00:00:00Z'));
    await clicks.insertMany([early, late, nextDay]);
    expect(await where(early.clickId)).toBe('clicks_default');

    const result = await partitions.ensureClickPartitions(new Date('2031-03-20T00:00:00Z'), 0);
    expect(result).toEqual({ created: ['clicks_p20310320'], movedFromDefault: 2 });
    expect(await where(early.clickId)).toBe('clicks_p20310320');
    expect(await where(late.clickId)).toBe('clicks_p20310320');
    expect(await where(nextDay.clickId)).toBe('clicks_default');

    // The attached partition enforces the primary key like one created directly.
    expect(await clicks.insertMany([early])).toBe(0);
    const indexes = await db.dataSource.query<{ name: string }[]>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'clicks_p20310320'::regclass ORDER BY 1`,
    );
    expect(indexes.map((index) => index.name)).toHaveLength(2);
    expect(await clicks.findById(early)).toMatchObject({ clickId: early.clickId });
  });

  it('survives several maintainers running at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => partitions.ensureClickPartitions(new Date('2031-04-01T00:00:00Z'), 2)),
    );
    const created = results.flatMap((result) => result.created).sort();
    expect(created).toEqual(['clicks_p20310401', 'clicks_p20310402', 'clicks_p20310403']);
  });

  it('drops whole days past retention and old rows of DEFAULT, nothing else', async () => {
    const now = new Date('2031-04-12T09:00:00Z');
    const oldInDefault = clickAt(new Date('2031-02-01T00:00:00Z'));
    const recentInDefault = clickAt(new Date('2031-04-11T00:00:00Z'));
    const keptInPartition = clickAt(new Date('2031-04-02T12:00:00Z'));
    await clicks.insertMany([oldInDefault, recentInDefault, keptInPartition]);

    // Retention 10 days from 2031-04-12 → everything before 2031-04-02 goes.
    const result = await partitions.dropClickPartitionsOlderThan(10, now);
    expect(result).toEqual({
      dropped: [
        'clicks_p20310310',
        'clicks_p20310311',
        'clicks_p20310312',
        'clicks_p20310313',
        'clicks_p20310320',
        'clicks_p20310401',
      ],
      deletedFromDefault: 2, // oldInDefault and the 2031-03-21 click of the earlier test
    });
    expect(await names()).toEqual(['clicks_default', 'clicks_p20310402', 'clicks_p20310403']);
    expect(await clicks.findById(keptInPartition)).not.toBeNull();
    expect(await clicks.findById(recentInDefault)).not.toBeNull();
    expect(await clicks.findById(oldInDefault)).toBeNull();

    expect(await partitions.dropClickPartitionsOlderThan(10, now)).toEqual({
      dropped: [],
      deletedFromDefault: 0,
    });
  });

  it('keeps inserts working for days without a partition', async () => {
    const far = clickAt(addDays(utcDay(new Date('2040-01-01T00:00:00Z')), 3));
    expect(await clicks.insertMany([far])).toBe(1);
    expect(await where(far.clickId)).toBe('clicks_default');
    expect(partitionName(far.clickedAt)).toBe('clicks_p20400104');
  });
});
