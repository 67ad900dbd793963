import type { HttpServiceApp } from '@clickledger/platform-http';
import { TOPICS } from '@clickledger/contracts';
import { eventually } from '@clickledger/testing';
import { AttributionHarness } from './attribution-harness';

interface Bucket {
  status: string;
  conversions: string;
  amount: string;
}

/**
 * The report rollups through the real attribution path (Kafka → attribution → Postgres): the
 * triggers fold each write into them in the writer's transaction, so a redelivered click, a
 * duplicate postback and a status revision leave them exactly equal to the tables.
 */
describe('report rollups fed by attribution', () => {
  const h = new AttributionHarness();
  let app: HttpServiceApp;

  beforeAll(async () => {
    await h.setUp();
    app = await h.startApp();
  });

  afterAll(async () => {
    await app.close();
    await h.tearDown();
  });

  /** Until attribution has committed every click message sent so far: the duplicate was handled. */
  async function clicksConsumed(): Promise<void> {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      // The ends as of now: other suites keep producing to the shared topic, so the committed
      // offsets reach these ends, and may pass them.
      const topic = TOPICS.clicksRecorded.name;
      const ends = await admin.fetchTopicOffsets(topic);
      await eventually(async () => {
        const [committed] = await admin.fetchOffsets({ groupId: `${h.groupPrefix}.clicks`, topics: [topic] });
        const at = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
        for (const end of ends) expect(at.get(end.partition)).toBeGreaterThanOrEqual(Number(end.high));
      });
    } finally {
      await admin.disconnect();
    }
  }

  const clickRollup = async (campaignId: string) =>
    h.db.query<{ country: string; clicks: string; cost: string }[]>(
      `SELECT country, sum(clicks)::text AS clicks, sum(cost)::text AS cost
         FROM report_click_visitor_rollup JOIN report_catalog_keys k ON k.id = catalog
        WHERE k.campaign_id = $1 GROUP BY country`,
      [campaignId],
    );

  const conversionRollup = async (
    campaignId: string,
    table = 'report_conversion_catalog_rollup',
    extra = '',
  ) =>
    h.db.query<Bucket[]>(
      `SELECT status::text AS status, sum(conversions)::text AS conversions, sum(amount)::text AS amount
         FROM ${table} JOIN report_catalog_keys k ON k.id = catalog WHERE k.campaign_id = $1 ${extra}
        GROUP BY status HAVING sum(conversions) <> 0 OR sum(amount) <> 0 ORDER BY status`,
      [campaignId],
    );

  it('counts a redelivered click once, with its country and cost', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    const later = h.clickData(catalog);
    await h.sendClicks([click, click, later]);
    await clicksConsumed();
    expect(await clickRollup(catalog.campaignId)).toEqual([{ country: 'DE', clicks: '2', cost: '0.020000' }]);
    const [varRow] = await h.db.query<{ value: string; clicks: string }[]>(
      `SELECT value, sum(clicks)::text AS clicks FROM report_click_variable_rollup
         JOIN report_catalog_keys k ON k.id = catalog WHERE k.campaign_id = $1 AND variable = 1 GROUP BY value`,
      [catalog.campaignId],
    );
    expect(varRow).toEqual({ value: 'zone-42', clicks: '2' });
  });

  it('moves a revised conversion between statuses, and ignores duplicates', async () => {
    const catalog = await h.catalog();
    const click = h.clickData(catalog);
    await h.sendClicks([click]);
    const approved = h.postbackData(click.clickId, { txid: 'T-1', payout: '5' });
    const duplicate = h.postbackData(click.clickId, { txid: 'T-1', payout: '5' });
    await h.sendPostbacks([approved]);
    await h.settled(approved.postbackId);
    await h.sendPostbacks([duplicate]);
    expect(await h.settled(duplicate.postbackId)).toMatchObject({ outcome: 'duplicate' });
    expect(await conversionRollup(catalog.campaignId)).toEqual([
      { status: 'approved', conversions: '1', amount: '5.000000' },
    ]);

    const declined = h.postbackData(click.clickId, { txid: 'T-1', status: 'declined' });
    // Pending then approved in one batch: counted once, as approved.
    const pending = h.postbackData(click.clickId, { txid: 'T-2', payout: '3', status: 'pending' });
    const confirmed = h.postbackData(click.clickId, { txid: 'T-2', payout: '3', status: 'approved' });
    await h.sendPostbacks([declined, pending, confirmed]);
    for (const postback of [declined, pending, confirmed]) await h.settled(postback.postbackId);

    const expected = [
      { status: 'approved', conversions: '1', amount: '3.000000' },
      { status: 'declined', conversions: '1', amount: '5.000000' },
    ];
    expect(await conversionRollup(catalog.campaignId)).toEqual(expected);
    // The visitor fields come from the click; the variable rollup agrees.
    expect(
      await conversionRollup(catalog.campaignId, 'report_conversion_visitor_rollup', `AND country = 'DE'`),
    ).toEqual(expected);
    expect(
      await conversionRollup(
        catalog.campaignId,
        'report_conversion_variable_rollup',
        `AND variable = 1 AND value = 'zone-42'`,
      ),
    ).toEqual(expected);
    // And the table itself says the same.
    const table = await h.db.query<Bucket[]>(
      `SELECT status::text AS status, count(*)::text AS conversions, sum(payout_amount)::text AS amount
         FROM conversions WHERE campaign_id = $1 GROUP BY status ORDER BY status`,
      [catalog.campaignId],
    );
    expect(table).toEqual(expected);
  });
});
