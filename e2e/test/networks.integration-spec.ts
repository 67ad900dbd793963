import { dedupeConversionEvents, TOPICS } from '@clickledger/contracts';
import { createKafkaClient } from '@clickledger/platform-kafka';
import { collectFromNow, eventually, testInfrastructure, type KafkaCollector } from '@clickledger/testing';
import { ClickIdCodec } from '@clickledger/tracking';
import { ApiClient } from './api-client';
import { E2E_SECRET, startSystem, type RunningSystem } from './system';

/**
 * Interoperability with real affiliate networks (issue 14): each case builds the network from its
 * template through the API, clicks the campaign link (the offer URL receives the click ID in the
 * network's own sub-ID parameter), takes the postback URL the API gives for the network's panel
 * and fires it the way that network documents: its macros replaced by values of the kind it sends
 * (status words or numbers, payout formats), over the method it uses, in its lifecycle order.
 * Each describe names the documentation the case follows.
 */

interface Conversion {
  readonly id: string;
  readonly revision: number;
  readonly eventType: string;
  readonly txid: string | null;
  readonly status: string;
  readonly originalStatus: string | null;
  readonly payout: { readonly amount: string; readonly currency: string };
}

interface LogEntry {
  readonly outcome: string;
  readonly reason: string | null;
  readonly message: string | null;
  readonly revision: number | null;
  readonly status: string | null;
  readonly originalStatus: string | null;
  readonly [field: string]: unknown;
}

interface ConversionEvent {
  readonly data: {
    readonly conversionId: string;
    readonly revision: number;
    readonly status: string;
    readonly originalStatus?: string | null;
    readonly payout: { readonly amount: string };
  };
}

interface Network {
  readonly id: string;
  readonly clickIdParam: string | null;
  /** The postback URL the API gives for the network's panel, macros verbatim. */
  readonly postbackUrl: string;
}

const SOURCES = {
  cake: 'https://support.getcake.com/support/solutions/articles/5000545788',
  tune: 'https://support.tune.com/hc/en-us/articles/4413247716631-Passing-a-Postback-ID-to-an-Advertiser',
  everflow: 'https://helpdesk.everflow.io/en/articles/6173403-a-guide-to-parameters-and-macros',
  affise: 'https://help-center.affise.com/en/articles/6655842-affiliate-postback-macros-affiliates',
  impact:
    'https://help.impact.com/en/support/solutions/articles/155000000882-enable-action-clearing-events-notification',
  admitad: 'https://developers.admitad.com/it/doc/api_en/methods/opt_codes/opt-codes-create-action/',
  cpalead: 'https://www.cpalead.com/en/postback/documentation',
  clickdealer: 'https://blog.clickdealer.com/clickdealer-platform-feature-breakdown-global-postbacks',
  adgatemedia: 'https://docs.adgatemedia.com/postbacks/postback-information',
  zeydoo: 'https://help.zeydoo.com/en/articles/4362736-how-to-setup-zeydoo-s2s-conversion-tracking',
} as const;

describe('affiliate networks, as they document their postbacks', () => {
  let system: RunningSystem;
  let api: ApiClient;
  let events: KafkaCollector;

  beforeAll(async () => {
    system = await startSystem();
    api = new ApiClient(system.urls.api);
    events = await collectFromNow(
      createKafkaClient({ brokers: testInfrastructure().kafkaBrokers, clientId: 'e2e-networks' }),
      [TOPICS.conversionsAttributed.name],
    );
  });

  afterAll(async () => {
    await events.stop();
    await system.stop();
  });

  async function network(template: string, extra: Record<string, unknown> = {}): Promise<Network> {
    const created = await api.create<{ id: string; clickIdParam: string | null }>('/affiliate-networks', {
      name: `${template} network`,
      template,
      ...extra,
    });
    const url = await api.call<{ url: string }>('GET', `/affiliate-networks/${created.id}/postback-url`);
    expect(url.status).toBe(200);
    return { ...created, postbackUrl: url.body.url };
  }

  /** A campaign on an offer of this network, auto payout; returns the click ID the network received. */
  async function clickThrough(net: Network): Promise<string> {
    const { id: offerId } = await api.create('/offers', {
      name: 'offer',
      // No {clickid} token: the network's click-ID parameter is appended, as its template says
      // (the custom template has none: its offer URL carries the token itself).
      url: `https://offer.example/lp?zone={var1}${net.clickIdParam === null ? '&s={clickid}' : ''}`,
      affiliateNetworkId: net.id,
      payout: { mode: 'auto', amount: '2.50', currency: 'USD' },
    });
    const { id: trafficSourceId } = await api.create('/traffic-sources', {
      name: 'source',
      externalIdParam: 'clickid',
      variables: { var1: 'zone' },
    });
    const campaign = await api.create<{ id: string; trackingUrl: string }>('/campaigns', {
      name: 'campaign',
      trafficSourceId,
      offers: [{ offerId, weight: 1 }],
    });
    const link = campaign.trackingUrl.split('?')[0] ?? '';
    return eventually(async () => {
      const response = await fetch(`${link}?clickid=ts&zone=5`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      const clickId = location.searchParams.get(net.clickIdParam ?? 's') ?? '';
      expect(clickId).toMatch(/^[0-9A-Z]{26}$/);
      return clickId;
    });
  }

  /**
   * The network fires the postback URL it was given: every macro it knows replaced by its value
   * (URL-encoded), every macro it has no value for replaced by nothing, as networks do.
   */
  function substitute(net: Network, values: Record<string, string>): string {
    let url = net.postbackUrl;
    for (const [macro, value] of Object.entries(values))
      url = url.split(macro).join(encodeURIComponent(value));
    return url.replace(/\{[A-Za-z_][\w]*\}|#[a-z0-9]+#|\[\[\[[a-z_]+\]\]\]/g, '');
  }

  async function fire(
    net: Network,
    values: Record<string, string>,
    method: 'GET' | 'POST-JSON' = 'GET',
  ): Promise<{ status: number; body: { status: string; reason?: string; message?: string } }> {
    const url = new URL(substitute(net, values));
    const response =
      method === 'GET'
        ? await fetch(url)
        : await fetch(`${url.origin}${url.pathname}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(Object.fromEntries(url.searchParams)),
          });
    return {
      status: response.status,
      body: (await response.json()) as { status: string; reason?: string; message?: string },
    };
  }

  const conversionsOf = (clickId: string): Promise<Conversion[]> =>
    api.list<Conversion>(`/conversions?clickId=${clickId}`);
  const logOf = (clickId: string): Promise<LogEntry[]> =>
    api.list<LogEntry>(`/postback-log?clickId=${clickId}`);

  async function settled(clickId: string, count: number): Promise<LogEntry[]> {
    return eventually(
      async () => {
        const entries = await logOf(clickId);
        expect(entries.filter((entry) => entry.outcome !== 'pending')).toHaveLength(count);
        return entries.reverse(); // oldest first
      },
      { timeoutMs: 20_000 },
    );
  }

  const eventsOf = (conversionId: string): ConversionEvent['data'][] =>
    dedupeConversionEvents(
      events.messages
        .map((m) => m.json as ConversionEvent)
        .filter((e) => e.data.conversionId === conversionId),
      (event) => event.data,
    ).map((event) => event.data);

  describe(`CAKE (${SOURCES.cake})`, () => {
    it('click ID in s2; #s2#, #price#, #tid# replaced; GET', async () => {
      const cake = await network('cake');
      expect(cake.clickIdParam).toBe('s2');
      const clickId = await clickThrough(cake);
      const answer = await fire(cake, { '#s2#': clickId, '#price#': '12.50', '#tid#': 'CAKE-T-1' });
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
      await settled(clickId, 1);
      expect(await conversionsOf(clickId)).toMatchObject([
        { txid: 'CAKE-T-1', status: 'approved', payout: { amount: '12.5', currency: 'USD' } },
      ]);
    });
  });

  describe(`HasOffers / TUNE (${SOURCES.tune})`, () => {
    it('{transaction_id} is the session: a second goal of the same session is a second conversion', async () => {
      const tune = await network('hasoffers');
      expect(tune.clickIdParam).toBe('aff_sub');
      const clickId = await clickThrough(tune);
      const session = '102c5fa7b1e8f3a9d6a2b4c8e0f1a3b5';
      for (const [goal, payout] of [
        ['1', '3.00'],
        ['2', '40.00'],
      ] as const) {
        const answer = await fire(tune, {
          '{aff_sub}': clickId,
          '{payout}': payout,
          '{transaction_id}': session,
          '{goal_id}': goal,
        });
        expect(answer.status).toBe(200);
      }
      await settled(clickId, 2);
      const found = await conversionsOf(clickId);
      expect(found.map((c) => [c.eventType, c.txid, c.payout.amount]).sort()).toEqual([
        ['1', session, '3'],
        ['2', session, '40'],
      ]);
    });
  });

  describe(`Everflow (${SOURCES.everflow})`, () => {
    it('two events on one click ({event_id}) are two conversions, not a duplicate', async () => {
      const everflow = await network('everflow');
      expect(everflow.clickIdParam).toBe('sub1');
      const clickId = await clickThrough(everflow);
      const transaction = 'ef5b8a3c1d2e4f60718293a4b5c6d7e8';
      // The base conversion carries no event ID; a post-conversion event carries its own.
      await fire(everflow, { '{sub1}': clickId, '{revenue}': '1.50', '{transaction_id}': transaction });
      await fire(everflow, {
        '{sub1}': clickId,
        '{revenue}': '20.00',
        '{transaction_id}': transaction,
        '{event_id}': '14',
      });
      const log = await settled(clickId, 2);
      expect(log.map((entry) => entry.outcome)).toEqual(['accepted', 'accepted']);
      const found = await conversionsOf(clickId);
      expect(found.map((c) => [c.eventType, c.payout.amount]).sort()).toEqual([
        ['14', '20'],
        ['conversion', '1.5'],
      ]);
    });
  });

  describe(`Affise (${SOURCES.affise}; statuses https://help-center.affise.com/en/articles/6618579-conversion-statuses)`, () => {
    it('hold (5) then approved (1): pending 7.20 becomes approved 9.00, the network values kept', async () => {
      const affise = await network('affise');
      expect(affise.clickIdParam).toBe('sub1');
      const clickId = await clickThrough(affise);
      const base = { '{sub1}': clickId, '{transactionid}': 'AFF-77', '{currency}': 'USD' };
      expect((await fire(affise, { ...base, '{sum}': '7.20', '{status}': '5' })).status).toBe(200);
      await settled(clickId, 1);
      expect((await fire(affise, { ...base, '{sum}': '9.00', '{status}': '1' })).status).toBe(200);
      const log = await settled(clickId, 2);
      expect(log.map((e) => [e.outcome, e.revision, e.status, e.originalStatus])).toEqual([
        ['accepted', 1, 'pending', '5'],
        ['status-changed', 2, 'approved', '1'],
      ]);
      const [conversion] = await conversionsOf(clickId);
      expect(conversion).toMatchObject({
        revision: 2,
        status: 'approved',
        originalStatus: '1',
        payout: { amount: '9', currency: 'USD' },
      });
      await eventually(() => {
        expect(
          eventsOf(conversion.id).map((e) => [e.revision, e.status, e.originalStatus, e.payout.amount]),
        ).toEqual([
          [1, 'pending', '5', '7.2'],
          [2, 'approved', '1', '9'],
        ]);
      });
    });
  });

  describe(`Impact (${SOURCES.impact}; lifecycle https://integrations.impact.com/impact-brand/reference/enable-postbacks)`, () => {
    it('PENDING → APPROVED → REVERSED with a payout on each lifecycle event, over GET and POST', async () => {
      const impact = await network('impact');
      expect(impact.clickIdParam).toBe('subId1');
      const clickId = await clickThrough(impact);
      const action = { '{SubId1}': clickId, '{ActionId}': '8882.1234.1234567', '{Currency}': 'USD' };
      const lifecycle = [
        { '{Status}': 'PENDING', '{Payout}': '7.20', method: 'GET' },
        { '{Status}': 'APPROVED', '{Payout}': '9.00', method: 'GET' },
        // Impact may POST instead, with the parameters as the body it is configured to send.
        { '{Status}': 'REVERSED', '{Payout}': '0.00', method: 'POST-JSON' },
      ] as const;
      for (const [index, { method, ...values }] of lifecycle.entries()) {
        const answer = await fire(impact, { ...action, ...values, '{ActionTrackerId}': '22110' }, method);
        expect(answer.status).toBe(200);
        await settled(clickId, index + 1);
      }
      const [conversion] = await conversionsOf(clickId);
      expect(conversion).toMatchObject({
        eventType: '22110',
        txid: '8882.1234.1234567',
        revision: 3,
        status: 'declined',
        originalStatus: 'REVERSED',
        payout: { amount: '0' },
      });
      await eventually(() => {
        expect(
          eventsOf(conversion.id).map((e) => [e.revision, e.status, e.originalStatus, e.payout.amount]),
        ).toEqual([
          [1, 'pending', 'PENDING', '7.2'],
          [2, 'approved', 'APPROVED', '9'],
          [3, 'declined', 'REVERSED', '0'],
        ]);
      });
    });

    it('a retried lifecycle postback (Impact retries failures) is a duplicate, not a new revision', async () => {
      const impact = await network('impact');
      const clickId = await clickThrough(impact);
      const values = { '{SubId1}': clickId, '{ActionId}': 'A-1', '{Status}': 'APPROVED', '{Payout}': '5.00' };
      await fire(impact, values);
      await settled(clickId, 1);
      await fire(impact, values);
      const log = await settled(clickId, 2);
      expect(log.map((e) => e.outcome)).toEqual(['accepted', 'duplicate']);
      expect((await conversionsOf(clickId)).map((c) => c.revision)).toEqual([1]);
    });
  });

  describe(`Admitad (${SOURCES.admitad})`, () => {
    it('[[[subid]]], [[[payment_sum]]], [[[order_id]]], [[[currency]]] and [[[type]]] replaced', async () => {
      const admitad = await network('admitad');
      expect(admitad.clickIdParam).toBe('subid');
      const clickId = await clickThrough(admitad);
      const answer = await fire(admitad, {
        '[[[subid]]]': clickId,
        '[[[payment_sum]]]': '3.75',
        '[[[order_id]]]': 'ORD-9',
        '[[[currency]]]': 'EUR',
        '[[[type]]]': 'sale',
      });
      expect(answer.status).toBe(200);
      await settled(clickId, 1);
      expect(await conversionsOf(clickId)).toMatchObject([
        { eventType: 'sale', txid: 'ORD-9', payout: { amount: '3.75', currency: 'EUR' } },
      ]);
    });
  });

  describe(`CPAlead (${SOURCES.cpalead})`, () => {
    it('{subid}, {payout} and {lead_id}: two completed offers on one click are two conversions, a retry one', async () => {
      const cpalead = await network('cpalead');
      expect(cpalead.clickIdParam).toBe('subid');
      const clickId = await clickThrough(cpalead);
      for (const [lead, payout] of [
        ['9001', '0.45'],
        ['9002', '1.20'],
        ['9001', '0.45'],
      ] as const) {
        const answer = await fire(cpalead, { '{subid}': clickId, '{payout}': payout, '{lead_id}': lead });
        expect(answer.status).toBe(200);
      }
      const log = await settled(clickId, 3);
      expect(log.map((e) => e.outcome).sort()).toEqual(['accepted', 'accepted', 'duplicate']);
      expect((await conversionsOf(clickId)).map((c) => [c.txid, c.payout.amount]).sort()).toEqual([
        ['9001', '0.45'],
        ['9002', '1.2'],
      ]);
    });
  });

  describe(`ClickDealer (${SOURCES.clickdealer})`, () => {
    it('#s2#, #price# and #leadid#: two events of one user are two conversions, a re-sent lead a duplicate', async () => {
      const clickdealer = await network('clickdealer');
      expect(clickdealer.clickIdParam).toBe('s2');
      const clickId = await clickThrough(clickdealer);
      // ClickDealer advises deduping by #leadid#, its unique ID per conversion, on multi-event offers.
      for (const [lead, price] of [
        ['LD-501', '4.00'],
        ['LD-502', '18.50'],
        ['LD-501', '4.00'],
      ] as const) {
        const answer = await fire(clickdealer, { '#s2#': clickId, '#price#': price, '#leadid#': lead });
        expect(answer.status).toBe(200);
      }
      const log = await settled(clickId, 3);
      expect(log.map((e) => e.outcome).sort()).toEqual(['accepted', 'accepted', 'duplicate']);
      expect((await conversionsOf(clickId)).map((c) => [c.txid, c.status, c.payout.amount]).sort()).toEqual([
        ['LD-501', 'approved', '4'],
        ['LD-502', 'approved', '18.5'],
      ]);
    });
  });

  describe(`AdGate Media (${SOURCES.adgatemedia})`, () => {
    it('{state} pending → approved → rejected (a reversal) is one conversion through three revisions', async () => {
      const adgate = await network('adgatemedia');
      expect(adgate.clickIdParam).toBe('s1');
      const clickId = await clickThrough(adgate);
      const conversionId = '4d63afe33875ceeec17dd7eab41b8590a'; // the shape of AdGate's own example
      for (const [index, state] of ['pending', 'approved', 'rejected'].entries()) {
        const answer = await fire(adgate, {
          '{s1}': clickId,
          '{payout}': '1.20',
          '{conversion_id}': conversionId,
          '{state}': state,
        });
        expect(answer.status).toBe(200);
        await settled(clickId, index + 1);
      }
      const log = await settled(clickId, 3);
      expect(log.map((e) => [e.outcome, e.status, e.originalStatus])).toEqual([
        ['accepted', 'pending', 'pending'],
        ['status-changed', 'approved', 'approved'],
        ['status-changed', 'declined', 'rejected'],
      ]);
      expect(await conversionsOf(clickId)).toMatchObject([
        {
          txid: conversionId,
          revision: 3,
          status: 'declined',
          originalStatus: 'rejected',
          payout: { amount: '1.2', currency: 'USD' },
        },
      ]);
    });
  });

  describe(`Zeydoo (${SOURCES.zeydoo})`, () => {
    it('{ymid} and {amount}: no transaction macro, so a second postback on the click is a duplicate', async () => {
      const zeydoo = await network('zeydoo');
      expect(zeydoo.clickIdParam).toBe('ymid');
      const clickId = await clickThrough(zeydoo);
      expect((await fire(zeydoo, { '{ymid}': clickId, '{amount}': '0.85' })).status).toBe(200);
      await settled(clickId, 1);
      expect((await fire(zeydoo, { '{ymid}': clickId, '{amount}': '0.85' })).status).toBe(200);
      const log = await settled(clickId, 2);
      expect(log.map((e) => e.outcome)).toEqual(['accepted', 'duplicate']);
      expect(await conversionsOf(clickId)).toMatchObject([
        { txid: null, status: 'approved', payout: { amount: '0.85', currency: 'USD' } },
      ]);
    });
  });

  describe('payout formats (CONTRACT §4) and status mapping', () => {
    it('reads 12,34 and 1,234.50 exactly and refuses the ambiguous 1,234, saying why', async () => {
      const custom = await network('custom');
      const clickId = await clickThrough(custom);
      const ingress = system.urls['postback-ingress'];
      const send = async (payout: string, txid: string) => {
        const response = await fetch(
          `${ingress}/postback?cid=${clickId}&payout=${encodeURIComponent(payout)}&txid=${txid}`,
        );
        return {
          status: response.status,
          body: (await response.json()) as { reason?: string; message?: string },
        };
      };
      expect((await send('12,34', 'F-1')).status).toBe(200);
      expect((await send('1,234.50', 'F-2')).status).toBe(200);
      const ambiguous = await send('1,234', 'F-3');
      expect(ambiguous).toMatchObject({ status: 400, body: { reason: 'invalid-payout' } });
      expect(ambiguous.body.message).toMatch(/ambiguous/);
      await settled(clickId, 3);
      const found = await conversionsOf(clickId);
      expect(found.map((c) => [c.txid, c.payout.amount]).sort()).toEqual([
        ['F-1', '12.34'],
        ['F-2', '1234.5'],
      ]);
    });

    it('logs a status value its network does not map as invalid-status naming it, until the statusMap says', async () => {
      const custom = await network('custom');
      const clickId = await clickThrough(custom);
      const ingress = system.urls['postback-ingress'];
      expect((await fetch(`${ingress}/postback?cid=${clickId}&txid=S-1&status=5`)).status).toBe(200);
      const [rejected] = await settled(clickId, 1);
      expect(rejected).toMatchObject({ outcome: 'rejected', reason: 'invalid-status', originalStatus: '5' });
      expect(rejected.message).toContain('"5"');
      const patched = await api.call('PATCH', `/affiliate-networks/${custom.id}`, {
        statusMap: { '5': 'pending' },
      });
      expect(patched.status).toBe(200);
      expect((await fetch(`${ingress}/postback?cid=${clickId}&txid=S-1&status=5`)).status).toBe(200);
      await settled(clickId, 2);
      expect(await conversionsOf(clickId)).toMatchObject([{ status: 'pending', originalStatus: '5' }]);
    });

    it('never shows the internal event of a postback waiting for its click', async () => {
      const early = new ClickIdCodec([E2E_SECRET]).generate();
      expect(
        (await fetch(`${system.urls['postback-ingress']}/postback?cid=${early}&status=hold`)).status,
      ).toBe(200);
      const seen = await eventually(
        async () => {
          const entries = await logOf(early);
          expect(entries.length).toBe(1);
          return entries[0];
        },
        { timeoutMs: 20_000 },
      );
      expect(seen.message ?? '').not.toMatch(/postback\.received|"data"/);
      expect(Object.keys(seen)).not.toContain('pendingEvent');
    });
  });
});
