import { eventually } from '@clickledger/testing';
import { ApiClient } from './api-client';
import { E2E_TOKEN, startSystem, type RunningSystem } from './system';

interface Conversion {
  readonly id: string;
  readonly revision: number;
  readonly clickId: string;
  readonly eventType: string;
  readonly txid: string | null;
  readonly status: string;
  readonly payout: { readonly amount: string; readonly currency: string };
  readonly test: boolean;
}

interface LogEntry {
  readonly id: string;
  readonly outcome: string;
  readonly reason: string | null;
}

interface UploadAnswer {
  readonly accepted: number;
  readonly rejected: number;
  readonly rows: { line: number; status: string; id?: string; reason?: string; clickId?: string }[];
}

/**
 * CONTRACT §7 conversion upload and test postbacks, through the four built services: the upload's
 * rows reach attribution as postbacks would, and the test-postback tool clicks and converts.
 */
describe('conversion upload and test postbacks (issue 17)', () => {
  let system: RunningSystem;
  let api: ApiClient;

  beforeAll(async () => {
    // The local requests come from loopback: believe their X-Forwarded-For, as behind a proxy.
    system = await startSystem({ TRUSTED_PROXIES: 'loopback' });
    api = new ApiClient(system.urls.api);
  });

  afterAll(async () => {
    await system.stop();
  });

  /** By default the network has an IP allowlist that is not ours: an upload must not be refused by it. */
  async function campaign(allowedIps = ['192.0.2.10']): Promise<{ id: string; trackingBase: string }> {
    const { id: networkId } = await api.create('/affiliate-networks', {
      name: 'Upload network',
      template: 'cake',
      allowedIps,
    });
    const { id: offerId } = await api.create('/offers', {
      name: 'Upload offer',
      url: 'https://offer.example/lp?s2={clickid}',
      affiliateNetworkId: networkId,
      payout: { mode: 'auto', amount: '2.00', currency: 'USD' },
    });
    const { id: trafficSourceId } = await api.create('/traffic-sources', { name: 'Upload source' });
    const created = await api.create<{ id: string; trackingUrl: string }>('/campaigns', {
      name: 'Upload campaign',
      trafficSourceId,
      offers: [{ offerId, weight: 1 }],
    });
    return { id: created.id, trackingBase: created.trackingUrl.split('?')[0] ?? '' };
  }

  const click = (trackingBase: string): Promise<string> =>
    eventually(async () => {
      const response = await fetch(trackingBase, { redirect: 'manual' });
      expect(response.status).toBe(302);
      return new URL(response.headers.get('location') ?? '').searchParams.get('s2') ?? '';
    });

  async function upload(contentType: string, body: string): Promise<{ status: number; body: UploadAnswer }> {
    const response = await fetch(`${system.urls.api}/api/conversions/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${E2E_TOKEN}`, 'content-type': contentType },
      body,
    });
    return { status: response.status, body: (await response.json()) as UploadAnswer };
  }

  const conversionsOf = (clickId: string) => api.list<Conversion>(`/conversions?clickId=${clickId}`);
  const logOf = (clickId: string) => api.list<LogEntry>(`/postback-log?clickId=${clickId}`);

  it('applies each uploaded row as a postback, answers each row, and a second upload changes nothing', async () => {
    const { trackingBase } = await campaign();
    const [a, b] = [await click(trackingBase), await click(trackingBase)];
    const csv = [
      'clickId,payout,txid,status,et',
      `${a},12.50,T-1,approved,sale`,
      `${b},3.00,,pending,lead`,
      `${a.toLowerCase()},1.00,T-2,,`, // lower case, as some networks send it: an upsell on a
      'not-a-click-id,1.00,T-3,,',
      `${b},abc,T-4,,`,
      '',
    ].join('\r\n');
    const first = await upload('text/csv', csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, rejected: 2 });
    expect(first.body.rows.map((r) => [r.line, r.status, r.reason ?? null])).toEqual([
      [2, 'accepted', null],
      [3, 'accepted', null],
      [4, 'accepted', null],
      [5, 'rejected', 'invalid-click-id'],
      [6, 'rejected', 'invalid-payout'],
    ]);

    const settled = async () => {
      const [ca, cb, la, lb] = await Promise.all([conversionsOf(a), conversionsOf(b), logOf(a), logOf(b)]);
      expect(ca.map((c) => [c.txid, c.eventType, c.status, c.payout.amount]).sort()).toEqual([
        ['T-1', 'sale', 'approved', '12.5'],
        ['T-2', 'conversion', 'approved', '1'],
      ]);
      expect(cb.map((c) => [c.eventType, c.status, c.payout.amount])).toEqual([['lead', 'pending', '3']]);
      expect(la.every((entry) => entry.outcome === 'accepted')).toBe(true);
      return { conversions: [...ca, ...cb], log: [...la, ...lb] };
    };
    const before = await eventually(settled, { timeoutMs: 20_000 });
    // Every row answered with an id has its postback-log entry, rejected rows included (this
    // system's schema is its own, so the whole log is this file's).
    await eventually(
      async () => {
        const logged = new Set(
          (await api.list<LogEntry>('/postback-log?limit=200')).map((entry) => entry.id),
        );
        for (const row of first.body.rows) expect(logged.has(row.id ?? 'none')).toBe(true);
      },
      { timeoutMs: 20_000 },
    );

    const second = await upload('text/csv', csv);
    expect(second.body.rows.map((r) => r.id)).toEqual(first.body.rows.map((r) => r.id));
    // The same file again: give attribution time to see it (a later marker row is applied after it).
    const marker = await click(trackingBase);
    await upload(
      'application/x-ndjson',
      `${JSON.stringify({ clickId: marker, payout: '1.00', txid: 'M' })}\n`,
    );
    await eventually(
      async () => {
        expect(await conversionsOf(marker)).toHaveLength(1);
      },
      { timeoutMs: 20_000 },
    );
    const after = await settled();
    expect(after.conversions.map((c) => [c.id, c.revision]).sort()).toEqual(
      before.conversions.map((c) => [c.id, c.revision]).sort(),
    );
    expect(after.log.map((entry) => entry.id).sort()).toEqual(before.log.map((entry) => entry.id).sort());
  });

  it('reads JSON lines, and a status change uploaded later is a status change', async () => {
    const { trackingBase } = await campaign();
    const a = await click(trackingBase);
    const lines = (status: string) => `${JSON.stringify({ clickId: a, payout: 5, txid: 'J-1', status })}\n`;
    expect((await upload('application/x-ndjson', lines('approved'))).body).toMatchObject({ accepted: 1 });
    await eventually(
      async () => {
        expect(await conversionsOf(a)).toMatchObject([{ status: 'approved', revision: 1 }]);
      },
      {
        timeoutMs: 20_000,
      },
    );
    expect((await upload('application/x-ndjson', lines('declined'))).body).toMatchObject({ accepted: 1 });
    await eventually(
      async () => {
        expect(await conversionsOf(a)).toMatchObject([{ status: 'declined', revision: 2 }]);
      },
      {
        timeoutMs: 20_000,
      },
    );
  });

  it('refuses an unsupported body type and a file past its row bound', async () => {
    expect((await upload('application/xml', '<x/>')).status).toBe(415);
    const tooMany = `clickId\n${'01JD3ABCDEFGHJKMNPQRSTVWXY\n'.repeat(50_001)}`;
    const answer = await upload('text/csv', tooMany);
    expect(answer.status).toBe(413);
  });

  it('runs a test postback end to end and marks its conversion test', async () => {
    const { id: campaignId, trackingBase } = await campaign([]);
    await click(trackingBase); // the click service has the campaign
    const answer = await api.call<{
      click: { status: number; clickId: string };
      clickStored: { test: boolean };
      postback: { url: string; status: number; body: { status: string; id: string } };
      postbackLog: { id: string; outcome: string };
      conversion: {
        clickId: string;
        status: string;
        payout: { amount: string };
        txid: string;
        test: boolean;
      };
      stoppedAt: string | null;
    }>('POST', '/test-postbacks', { campaignId, payout: '7.25', txid: 'TEST-1' });
    expect(answer.status).toBe(200);
    const result = answer.body;
    expect(result.stoppedAt).toBeNull();
    expect(result.click.status).toBe(302);
    expect(result.clickStored.test).toBe(true);
    // CAKE's postback URL with its macros (#s2#, #price#, #tid#) replaced, fired at the real ingress.
    const fired = new URL(result.postback.url);
    expect(fired.origin).toBe(system.urls['postback-ingress']);
    expect(fired.searchParams.get('cid')).toBe(result.click.clickId);
    expect(fired.searchParams.get('payout')).toBe('7.25');
    expect(fired.searchParams.get('txid')).toBe('TEST-1');
    expect(result.postback).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(result.postbackLog).toMatchObject({ id: result.postback.body.id, outcome: 'accepted' });
    expect(result.conversion).toMatchObject({
      clickId: result.click.clickId,
      status: 'approved',
      payout: { amount: '7.25' },
      txid: 'TEST-1',
      test: true,
    });
    // An ordinary click's conversion on the same campaign is not test.
    const real = await click(trackingBase);
    expect((await fetch(`${system.urls['postback-ingress']}/postback?cid=${real}&payout=1`)).status).toBe(
      200,
    );
    await eventually(
      async () => {
        expect(await conversionsOf(real)).toMatchObject([{ test: false }]);
      },
      {
        timeoutMs: 20_000,
      },
    );
    // The test click is no visitor: the campaign's report counts the two real clicks (the first
    // one above and \`real\`) only, and the test conversion only when asked for.
    const day = new Date().toISOString().slice(0, 10);
    const next = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    for (const [includeTest, conversions] of [
      ['false', 1],
      ['true', 2],
    ] as const) {
      const report = await api.call<{
        rows: { groups: { key: string | null }[]; clicks: number; botClicks: number; conversions: number }[];
      }>('GET', `/reports?from=${day}&to=${next}&groupBy=campaign&includeTest=${includeTest}`);
      expect(report.status).toBe(200);
      const row = report.body.rows.find((candidate) => candidate.groups[0]?.key === campaignId);
      // The real clicks came from Node's fetch, which the bot list may flag: human or bot, they are two.
      expect({
        includeTest,
        visits: (row?.clicks ?? 0) + (row?.botClicks ?? 0),
        conversions: row?.conversions,
      }).toEqual({
        includeTest,
        visits: 2,
        conversions,
      });
    }
  });

  it('stores the GeoIP country and the bot flag on the click (CONTRACT §3)', async () => {
    const { trackingBase } = await campaign([]);
    await click(trackingBase);
    const visit = async (headers: Record<string, string>) => {
      const response = await fetch(trackingBase, { redirect: 'manual', headers });
      const clickId = new URL(response.headers.get('location') ?? '').searchParams.get('s2') ?? '';
      return eventually(
        async () => {
          const answer = await api.call<{ country: string | null; bot: boolean; ip: string }>(
            'GET',
            `/clicks/${clickId}`,
          );
          expect(answer.status).toBe(200);
          return answer.body;
        },
        { timeoutMs: 20_000 },
      );
    };
    expect(
      await visit({
        'x-forwarded-for': '1.1.1.1',
        'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      }),
    ).toMatchObject({ ip: '1.1.1.1', country: 'AU', bot: true });
    expect(
      await visit({
        'x-forwarded-for': '8.8.8.8',
        'user-agent':
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      }),
    ).toMatchObject({ ip: '8.8.8.8', country: 'US', bot: false });
  });
});
