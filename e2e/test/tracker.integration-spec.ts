import { dedupeConversionEvents, TOPICS } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import { collectFromNow, eventually, testInfrastructure, type KafkaCollector } from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { ApiClient } from './api-client';
import { E2E_SECRET, startSystem, type RunningSystem } from './system';

interface Conversion {
  readonly id: string;
  readonly revision: number;
  readonly clickId: string;
  readonly eventType: string;
  readonly txid: string | null;
  readonly status: string;
  readonly payout: { readonly amount: string; readonly currency: string };
  readonly campaignId: string;
  readonly externalId: string | null;
  readonly vars: Record<string, string>;
}

interface LogEntry {
  readonly outcome: string;
  readonly reason: string | null;
  readonly message: string | null;
  readonly warnings: unknown[];
}

interface Setup {
  readonly networkId: string;
  readonly offerId: string;
  readonly campaignKey: string;
  readonly trackingBase: string;
}

/**
 * The tracker end to end, through HTTP only: the catalog through the API, a click on the campaign
 * link, the network's postback on the ingress, and the conversion read back through the API and
 * from Kafka. One case per attribution rule of CONTRACT §5.
 */
describe('Clickledger end to end', () => {
  let system: RunningSystem;
  let api: ApiClient;
  let conversions: KafkaCollector;

  beforeAll(async () => {
    system = await startSystem();
    api = new ApiClient(system.urls.api);
    conversions = await collectFromNow(
      createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'e2e' }),
      [TOPICS.conversionsAttributed.name],
    );
  });

  afterAll(async () => {
    await conversions.stop();
    await system.stop();
  });

  async function catalog(
    network: Record<string, unknown> = {},
    payout: Record<string, unknown> = { mode: 'auto', amount: '2.00', currency: 'USD' },
  ): Promise<Setup> {
    const { id: networkId } = await api.create('/affiliate-networks', {
      name: 'E2E network',
      template: 'cake',
      ...network,
    });
    const { id: offerId } = await api.create('/offers', {
      name: 'E2E offer',
      url: 'https://offer.example/lp?s2={clickid}&zone={var1}',
      affiliateNetworkId: networkId,
      payout,
    });
    const { id: trafficSourceId } = await api.create('/traffic-sources', {
      name: 'E2E source',
      externalIdParam: 'clickid',
      costParam: 'cost',
      variables: { var1: 'zone' },
    });
    const campaign = await api.create<{ id: string; key: string; trackingUrl: string }>('/campaigns', {
      name: 'E2E campaign',
      trafficSourceId,
      offers: [{ offerId, weight: 1 }],
    });
    return {
      networkId,
      offerId,
      campaignKey: campaign.key,
      trackingBase: campaign.trackingUrl.split('?')[0] ?? '',
    };
  }

  /** A visitor clicks the campaign link; returns the click ID the offer URL received. */
  async function click(setup: Setup): Promise<string> {
    // The click service follows the config topic: the new campaign's link works within moments.
    return eventually(async () => {
      const response = await fetch(`${setup.trackingBase}?clickid=ts-1&zone=77&cost=0.02`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.host).toBe('offer.example');
      return location.searchParams.get('s2') ?? '';
    });
  }

  async function postback(
    query: string,
  ): Promise<{ status: number; body: { status: string; id?: string; reason?: string } }> {
    const response = await fetch(`${system.urls['postback-ingress']}/postback?${query}`);
    return {
      status: response.status,
      body: (await response.json()) as { status: string; id?: string; reason?: string },
    };
  }

  const conversionsOf = (clickId: string): Promise<Conversion[]> =>
    api.list<Conversion>(`/conversions?clickId=${clickId}`);
  const logOf = (clickId: string): Promise<LogEntry[]> =>
    api.list<LogEntry>(`/postback-log?clickId=${clickId}`);

  async function waitForLog(clickId: string, count: number): Promise<LogEntry[]> {
    return eventually(
      async () => {
        const entries = await logOf(clickId);
        // A postback that beat its click to attribution waits as pending, then settles in place.
        expect(entries.filter((entry) => entry.outcome !== 'pending').length).toBeGreaterThanOrEqual(count);
        return entries;
      },
      { timeoutMs: 20_000 },
    );
  }

  // At least once: a consumer keeps one copy per (conversionId, revision).
  const eventsOf = (conversionId: string) =>
    dedupeConversionEvents(
      conversions.messages
        .map(
          (m) =>
            m.json as {
              data: { conversionId: string; revision: number; status: string; payout: { amount: string } };
            },
        )
        .filter((event) => event.data.conversionId === conversionId),
      (event) => event.data,
    );

  it('attributes a conversion: click → postback → conversion in the API and on Kafka', async () => {
    const setup = await catalog();
    const clickId = await click(setup);
    const answer = await postback(`cid=${clickId}&payout=12.50&txid=T-1&currency=eur`);
    expect(answer).toEqual({ status: 200, body: { status: 'accepted', id: expect.any(String) as string } });

    const [conversion] = await eventually(
      async () => {
        const found = await conversionsOf(clickId);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 20_000 },
    );
    expect(conversion).toMatchObject({
      clickId,
      eventType: 'conversion',
      txid: 'T-1',
      status: 'approved',
      revision: 1,
      payout: { amount: '12.5', currency: 'EUR' },
      externalId: 'ts-1',
      vars: expect.objectContaining({ var1: '77' }) as unknown,
    });
    await eventually(() => {
      expect(eventsOf(conversion.id).map((e) => e.data.revision)).toEqual([1]);
    });
    const click1 = await api.call<{ clickId: string; campaignId: string }>('GET', `/clicks/${clickId}`);
    expect(click1.status).toBe(200);
    expect((await logOf(clickId)).map((entry) => entry.outcome)).toEqual(['accepted']);
  });

  it('counts the same postback twice as one conversion, and logs the second as a duplicate', async () => {
    const clickId = await click(await catalog());
    await postback(`cid=${clickId}&payout=1&txid=D-1`);
    await waitForLog(clickId, 1);
    await postback(`cid=${clickId}&payout=1&txid=D-1`);
    const log = await waitForLog(clickId, 2);
    expect(log.map((entry) => entry.outcome).sort()).toEqual(['accepted', 'duplicate']);
    expect(await conversionsOf(clickId)).toHaveLength(1);
  });

  it('changes the status of a conversion (reversal) with a new revision and a new event', async () => {
    const clickId = await click(await catalog());
    await postback(`cid=${clickId}&payout=5&txid=R-1`);
    await waitForLog(clickId, 1);
    await postback(`cid=${clickId}&payout=5&txid=R-1&status=declined`);
    const [conversion] = await eventually(
      async () => {
        const found = await conversionsOf(clickId);
        expect(found[0]?.status).toBe('declined');
        return found;
      },
      { timeoutMs: 20_000 },
    );
    expect(conversion.revision).toBe(2);
    await eventually(() => {
      expect(eventsOf(conversion.id).map((e) => [e.data.revision, e.data.status])).toEqual([
        [1, 'approved'],
        [2, 'declined'],
      ]);
    });
  });

  it('counts a new txid on the same click as a new conversion (upsell)', async () => {
    const clickId = await click(await catalog());
    await postback(`cid=${clickId}&payout=5&txid=U-1`);
    await postback(`cid=${clickId}&payout=7&txid=U-2`);
    const found = await eventually(
      async () => {
        const all = await conversionsOf(clickId);
        expect(all).toHaveLength(2);
        return all;
      },
      { timeoutMs: 20_000 },
    );
    expect(found.map((c) => c.txid).sort()).toEqual(['U-1', 'U-2']);
  });

  it('follows the network duplicate policy for postbacks without txid', async () => {
    const strict = await click(await catalog({ acceptDuplicatePostbacks: false }));
    const lenient = await click(await catalog({ acceptDuplicatePostbacks: true }));
    for (const clickId of [strict, lenient]) {
      await postback(`cid=${clickId}&payout=1`);
      await waitForLog(clickId, 1);
      await postback(`cid=${clickId}&payout=1`);
      await waitForLog(clickId, 2);
    }
    expect(await conversionsOf(strict)).toHaveLength(1);
    expect(await conversionsOf(lenient)).toHaveLength(2);
  });

  it('applies the payout modes: auto takes the postback payout or the default, fixed always the default', async () => {
    const auto = await click(await catalog({}, { mode: 'auto', amount: '2.00', currency: 'USD' }));
    const fixed = await click(await catalog({}, { mode: 'fixed', amount: '3.30', currency: 'USD' }));
    await postback(`cid=${auto}&txid=no-payout`);
    await postback(`cid=${fixed}&payout=99&txid=ignored-payout`);
    await eventually(
      async () => {
        expect((await conversionsOf(auto)).map((c) => c.payout.amount)).toEqual(['2']);
        expect((await conversionsOf(fixed)).map((c) => c.payout.amount)).toEqual(['3.3']);
      },
      { timeoutMs: 20_000 },
    );
  });

  it('refuses a postback from an IP outside the network allowlist, and accepts one inside it', async () => {
    const denied = await click(await catalog({ allowedIps: ['203.0.113.0/24'] }));
    const allowed = await click(await catalog({ allowedIps: ['10.0.0.1', '127.0.0.0/8', '::1'] }));
    await postback(`cid=${denied}&payout=1&txid=ip-1`);
    await postback(`cid=${allowed}&payout=1&txid=ip-2`);
    const [entry] = await waitForLog(denied, 1);
    expect(entry).toMatchObject({ reason: 'ip-not-allowed' });
    expect(await conversionsOf(denied)).toHaveLength(0);
    await eventually(
      async () => {
        expect(await conversionsOf(allowed)).toHaveLength(1);
      },
      { timeoutMs: 20_000 },
    );
  });

  it('logs a postback whose click never arrives as click-not-found after the wait', async () => {
    const neverClicked = new ClickIdCodec([E2E_SECRET]).generate();
    expect((await postback(`cid=${neverClicked}&payout=1`)).status).toBe(200);
    // First logged as waiting for its click, then, after ATTRIBUTION_MAX_WAIT, as not found.
    await eventually(
      async () => {
        expect((await logOf(neverClicked)).map((entry) => entry.reason)).toContain('click-not-found');
      },
      { timeoutMs: 20_000 },
    );
    expect(await conversionsOf(neverClicked)).toHaveLength(0);
  });

  it('explains a rejected postback in the postback log, with its reason', async () => {
    const clickId = await click(await catalog());
    const answer = await postback(`cid=${clickId}&payout=abc`);
    expect(answer).toMatchObject({ status: 400, body: { status: 'rejected', reason: 'invalid-payout' } });
    const [entry] = await waitForLog(clickId, 1);
    expect(entry).toMatchObject({ outcome: 'rejected', reason: 'invalid-payout' });
  });
});
