import {
  addDays,
  ClickPartitionRepository,
  ClickRepository,
  clickLookupSql,
  partitionName,
  utcDay,
} from '../src';
import { clickAt } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scannedRelations(node: PlanNode): string[] {
  return [
    ...(node['Relation Name'] ? [node['Relation Name']] : []),
    ...(node.Plans ?? []).flatMap(scannedRelations),
  ];
}

describe('ClickRepository', () => {
  let db: TestDatabase;
  let clicks: ClickRepository;
  const today = utcDay(new Date());

  beforeAll(async () => {
    db = await createTestDatabase('clicks');
    clicks = new ClickRepository(db.dataSource);
    // Yesterday, today and tomorrow get partitions; anything else lands in DEFAULT.
    await new ClickPartitionRepository(db.dataSource).ensureClickPartitions(addDays(today, -1), 2);
  });
  afterAll(async () => {
    await db.drop();
  });

  const partitionOf = async (clickId: string): Promise<string> => {
    const rows = await db.dataSource.query<{ partition: string }[]>(
      `SELECT tableoid::regclass::text AS partition FROM clicks WHERE click_id = $1`,
      [clickId],
    );
    expect(rows).toHaveLength(1);
    return rows[0].partition;
  };

  it('stores a batch across daily partitions and the DEFAULT one, and reads every field back', async () => {
    const batch = [
      clickAt(new Date(today.getTime() + 1_000)),
      clickAt(addDays(today, -1)),
      clickAt(new Date(addDays(today, 1).getTime() - 1)),
      clickAt(addDays(today, -40), { externalId: null, cost: null, ip: null, country: null, vars: {} }),
    ];
    expect(await clicks.insertMany(batch)).toBe(4);

    expect(await partitionOf(batch[0].clickId)).toBe(partitionName(today));
    expect(await partitionOf(batch[1].clickId)).toBe(partitionName(addDays(today, -1)));
    expect(await partitionOf(batch[2].clickId)).toBe(partitionName(today));
    expect(await partitionOf(batch[3].clickId)).toBe('clicks_default');

    const found = await clicks.findByIds(batch.map(({ clickId, clickedAt }) => ({ clickId, clickedAt })));
    expect(found).toHaveLength(4);
    for (const click of batch) {
      expect(found.find((row) => row.clickId === click.clickId)).toEqual({
        externalId: null,
        cost: null,
        ip: null,
        userAgent: null,
        device: null,
        os: null,
        browser: null,
        country: null,
        vars: {},
        bot: false,
        ...click,
      });
    }
  });

  it('is idempotent: the same click twice, in one batch or in two, is one row', async () => {
    const inToday = clickAt(new Date(today.getTime() + 5_000));
    const inDefault = clickAt(addDays(today, 30));
    expect(await clicks.insertMany([inToday, inToday, inDefault])).toBe(2);
    expect(await clicks.insertMany([inToday, inDefault])).toBe(0);
    const [{ count }] = await db.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM clicks WHERE click_id = ANY($1)`,
      [[inToday.clickId, inDefault.clickId]],
    );
    expect(count).toBe('2');
  });

  it('finds nothing for an unknown id, or a known id with the wrong time', async () => {
    const click = clickAt(new Date(today.getTime() + 9_000));
    await clicks.insertMany([click]);
    expect(await clicks.findById({ clickId: click.clickId, clickedAt: click.clickedAt })).not.toBeNull();
    expect(
      await clicks.findById({ clickId: click.clickId, clickedAt: new Date(click.clickedAt.getTime() + 1) }),
    ).toBeNull();
    expect(await clicks.findByIds([])).toEqual([]);
    expect(await clicks.insertMany([])).toBe(0);
  });

  it('looks a click up by id and time in exactly one partition (EXPLAIN)', async () => {
    // Enough rows per day for the planner to prefer the primary key index.
    const bulk = [-1, 0, 1].flatMap((day) =>
      Array.from({ length: 3000 }, (_, i) => clickAt(new Date(addDays(today, day).getTime() + i * 20_000))),
    );
    expect(await clicks.insertMany(bulk)).toBe(bulk.length);
    await db.dataSource.query('ANALYZE clicks');
    const target = bulk[4500]; // one of today's
    const params = [[target.clickId], [target.clickedAt.toISOString()]];
    const sql = clickLookupSql(db.dataSource.manager);

    const [{ 'QUERY PLAN': plan }] = await db.dataSource.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    expect(scannedRelations(plan[0].Plan)).toEqual([partitionName(today)]);

    const analyzed = await db.dataSource.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) ${sql}`,
      params,
    );
    const text = analyzed.map((row) => row['QUERY PLAN']).join('\n');
    console.log(`click lookup by (id, clicked_at), ${bulk.length} clicks over 3 daily partitions:\n${text}`);
    expect(text).toContain(`Index Scan using ${partitionName(today)}_pkey`);
    expect(text).toContain('rows=1 loops=1');

    // A time outside every daily partition prunes to DEFAULT alone.
    const [{ 'QUERY PLAN': defaultPlan }] = await db.dataSource.query<
      { 'QUERY PLAN': [{ Plan: PlanNode }] }[]
    >(`EXPLAIN (FORMAT JSON) ${sql}`, [[target.clickId], [addDays(today, 10).toISOString()]]);
    expect(scannedRelations(defaultPlan[0].Plan)).toEqual(['clicks_default']);
  });
});
