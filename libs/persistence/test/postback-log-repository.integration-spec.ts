import { randomUUID } from 'node:crypto';
import { PostbackLogRepository } from '../src';
import { allPages, fakeClickId, postbackLogEntry } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';

describe('PostbackLogRepository', () => {
  let db: TestDatabase;
  let log: PostbackLogRepository;

  beforeAll(async () => {
    db = await createTestDatabase('postback_log');
    log = new PostbackLogRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores a batch, and re-processing the same postbacks stores nothing new', async () => {
    const accepted = postbackLogEntry({
      conversionId: randomUUID(),
      warnings: [{ code: 'placeholder-payout', message: 'payout "OPTIONAL" ignored' }],
    });
    const rejected = postbackLogEntry({
      clickId: '{aff_sub}',
      outcome: 'rejected',
      reason: 'unsubstituted-macro',
      message: 'cid is the macro {aff_sub}',
      sourceIp: null,
    });
    expect(await log.insertMany([accepted, rejected, accepted])).toBe(2);
    expect(await log.insertMany([accepted, rejected])).toBe(0);
    expect(await log.findById(accepted.id)).toMatchObject({
      ...accepted,
      createdAt: expect.any(Date) as unknown,
    });
    expect(await log.findById(rejected.id)).toMatchObject(rejected);
    expect(await log.insertMany([])).toBe(0);
  });

  it('stores text with NUL characters (which Postgres refuses) with U+FFFD in their place', async () => {
    const entry = postbackLogEntry({
      outcome: 'rejected',
      reason: 'invalid-txid',
      message: 'txid has a control character: a\u0000b',
      params: { cid: 'x\u0000y', txid: '\u0000' },
    });
    expect(await log.insertMany([entry])).toBe(1);
    expect(await log.findById(entry.id)).toMatchObject({
      message: 'txid has a control character: a\uFFFDb',
      params: { cid: 'x\uFFFDy', txid: '\uFFFD' },
    });
  });

  it('filters by click id, outcome, reason and time, newest first, across pages', async () => {
    const clickId = fakeClickId(new Date());
    const base = new Date('2030-07-01T12:00:00Z');
    const entries = Array.from({ length: 9 }, (_, i) =>
      postbackLogEntry({
        clickId,
        receivedAt: new Date(base.getTime() + i * 60_000),
        outcome: i % 3 === 0 ? 'duplicate' : 'accepted',
        reason: i % 3 === 0 ? 'duplicate' : null,
      }),
    );
    await log.insertMany(entries);

    const pages = await allPages((cursor) => log.list({ clickId, limit: 4, cursor }));
    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    expect(pages.flat().map((entry) => entry.id)).toEqual([...entries].reverse().map((entry) => entry.id));

    const duplicates = await log.list({ clickId, outcome: 'duplicate', reason: 'duplicate' });
    expect(duplicates.items.map((entry) => entry.receivedAt)).toEqual([
      entries[6].receivedAt,
      entries[3].receivedAt,
      entries[0].receivedAt,
    ]);
    expect(duplicates.nextCursor).toBeNull();

    const window = await log.list({ clickId, from: entries[2].receivedAt, to: entries[4].receivedAt });
    expect(window.items.map((entry) => entry.id)).toEqual([entries[3].id, entries[2].id]);
  });
});
