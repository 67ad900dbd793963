import { AssignerProtocol, type Admin } from 'kafkajs';
import { TOPICS } from '@clickledger/contracts';
import { eventually } from '@clickledger/testing';
import type { HttpServiceApp } from '@clickledger/platform-http';
import { AttributionHarness } from './attribution-harness';

/**
 * ATTRIBUTION_CONSUMER_MEMBERS (default 2): each consumer group has that many members in one
 * process, each fetching on its own, so one fetches while the other writes (issue 19). Kafka must
 * give each member its share of the partitions, and every postback must still count once.
 */
describe('attribution with two members of each consumer group (the default)', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;
  let admin: Admin;

  beforeAll(async () => {
    await h.setUp();
    admin = h.kafka.admin();
    await admin.connect();
    app = await h.startApp();
  });

  afterAll(async () => {
    await app.close();
    await admin.disconnect();
    await h.tearDown();
  });

  /** Each member's partitions of `topic` in the group, as the group's leader assigned them. */
  const assignments = async (group: string, topic: string): Promise<number[][]> => {
    const { groups } = await admin.describeGroups([group]);
    const described = groups.at(0);
    if (described?.state !== 'Stable') return [];
    return described.members.map(
      (member) => AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[topic] ?? [],
    );
  };

  it('splits the six partitions of the clicks and the postbacks between two members', async () => {
    for (const [suffix, topic] of [
      ['clicks', TOPICS.clicksRecorded],
      ['postbacks', TOPICS.postbacksReceived],
    ] as const) {
      await eventually(
        async () => {
          const members = await assignments(`${h.groupPrefix}.${suffix}`, topic.name);
          expect(members.map((partitions) => partitions.length)).toEqual([3, 3]);
          expect(members.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
        },
        { timeoutMs: 20_000 },
      );
    }
  });

  it('counts each postback once, whichever member its partition went to', async () => {
    const catalog = await h.catalog();
    // Enough clicks that their keys fall on every partition (click IDs hash over the six).
    const clicks = Array.from({ length: 60 }, () => h.clickData(catalog));
    await h.sendClicks(clicks);
    const postbacks = clicks.map((click, i) => h.postbackData(click.clickId, { txid: `M-${String(i)}` }));
    // Each postback twice, as a network's retry would send it (same transaction, same time, a new
    // postback id): one of the two is accepted, the other a duplicate, whichever is judged first.
    const retries = postbacks.map((p) => ({ ...p, postbackId: crypto.randomUUID() }));
    await h.sendPostbacks([...postbacks, ...retries]);
    for (const [at, postback] of postbacks.entries()) {
      const outcomes = [
        (await h.settled(postback.postbackId, 20_000)).outcome,
        (await h.settled(retries[at]?.postbackId ?? '', 20_000)).outcome,
      ];
      expect(outcomes.sort()).toEqual(['accepted', 'duplicate']);
    }
    for (const click of clicks) expect(await h.conversions(click.clickId)).toHaveLength(1);
  });
});
