import type { PostbackReceivedData } from '@clickledger/contracts';
import { attributionWindowMs, judgePostback, payoutOf } from './attribution-rules';
import type { ClickSnapshot, NetworkPolicy, OfferTerms } from './attribution.types';
import { normalizeStatusMap } from '@clickledger/tracking';
import { IpAllowlist } from './ip-allowlist';

const click: ClickSnapshot = {
  clickId: '01JD3AAAAAAAAAAAAAAAAAAAAA',
  clickedAt: new Date('2026-01-01T00:00:00.000Z'),
  campaignId: 'c',
  offerId: 'o',
  affiliateNetworkId: 'n',
  trafficSourceId: 't',
  externalId: 'ext',
  vars: { var1: 'zone' },
  test: false,
  country: 'FR',
  device: 'mobile',
  os: 'Android',
  browser: 'Chrome',
};
const offer: OfferTerms = {
  id: 'o',
  payoutMode: 'auto',
  payoutAmount: '2.500000',
  payoutCurrency: 'USD',
  attributionWindowMs: attributionWindowMs(30),
};
const network = (
  allowedIps: string[] = [],
  acceptDuplicatePostbacks = false,
  statusMap: Record<string, 'approved' | 'pending' | 'declined'> = {},
): NetworkPolicy => ({
  id: 'n',
  allowlist: new IpAllowlist(allowedIps),
  acceptDuplicatePostbacks,
  statusMap: normalizeStatusMap(statusMap),
});
const postback = (overrides: Partial<PostbackReceivedData> = {}): PostbackReceivedData => ({
  postbackId: '00000000-0000-4000-8000-000000000001',
  clickId: click.clickId,
  clickedAt: click.clickedAt.toISOString(),
  params: {},
  payout: '12.5',
  txid: null,
  eventType: 'conversion',
  currency: null,
  status: 'approved',
  sourceIp: '203.0.113.5',
  receivedAt: '2026-01-02T00:00:00.000Z',
  warnings: [],
  ...overrides,
});

describe('payoutOf', () => {
  it('auto takes the postback payout, in the offer currency unless one was sent', () => {
    expect(payoutOf({ payout: '12.5', currency: null }, offer)).toEqual({
      amount: '12.5',
      currency: 'USD',
      fromPostback: true,
    });
    expect(payoutOf({ payout: '-3', currency: 'EUR' }, offer)).toEqual({
      amount: '-3',
      currency: 'EUR',
      fromPostback: true,
    });
  });

  it('auto without payout (or with an invalid one) takes the offer default', () => {
    expect(payoutOf({ payout: null, currency: 'EUR' }, offer)).toEqual({
      amount: '2.5',
      currency: 'USD',
      fromPostback: false,
    });
    expect(payoutOf({ payout: '1e3', currency: null }, offer)).toEqual({
      amount: '2.5',
      currency: 'USD',
      fromPostback: false,
    });
  });

  it('fixed always takes the offer default', () => {
    const fixed = { ...offer, payoutMode: 'fixed' as const };
    expect(payoutOf({ payout: '99', currency: 'EUR' }, fixed)).toEqual({
      amount: '2.5',
      currency: 'USD',
      fromPostback: false,
    });
  });
});

describe('judgePostback', () => {
  it('builds the conversion with its identity', () => {
    const verdict = judgePostback(postback({ txid: 'T1' }), click, offer, network());
    expect(verdict).toMatchObject({
      kind: 'candidate',
      draft: { dedupeKey: 'T1', txid: 'T1', payoutAmount: '12.5', externalId: 'ext', vars: { var1: 'zone' } },
    });
  });

  it('uses an empty dedupe key without txid, the postback id when duplicates are accepted', () => {
    const plain = judgePostback(postback(), click, offer, network());
    const dup = judgePostback(postback(), click, offer, network([], true));
    expect(plain.kind === 'candidate' && plain.draft.dedupeKey).toBe('');
    expect(dup.kind === 'candidate' && dup.draft.dedupeKey).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('rejects a source IP outside the allowlist', () => {
    expect(judgePostback(postback(), click, offer, network(['198.51.100.0/24']))).toMatchObject({
      kind: 'rejected',
      reason: 'ip-not-allowed',
    });
    expect(judgePostback(postback(), click, offer, network(['203.0.113.0/24'])).kind).toBe('candidate');
  });

  it('accepts exactly at the window edge and rejects one millisecond after it', () => {
    const edge = new Date(click.clickedAt.getTime() + offer.attributionWindowMs);
    expect(judgePostback(postback({ receivedAt: edge.toISOString() }), click, offer, network()).kind).toBe(
      'candidate',
    );
    const late = new Date(edge.getTime() + 1).toISOString();
    expect(judgePostback(postback({ receivedAt: late }), click, offer, network())).toMatchObject({
      kind: 'rejected',
      reason: 'outside-attribution-window',
    });
  });

  it("maps the network's original status through its statusMap, then the built-in synonyms", () => {
    const affise = network([], false, { '5': 'pending' });
    const statusOfDraft = (originalStatus: string, policy = affise) => {
      const verdict = judgePostback(postback({ status: null, originalStatus }), click, offer, policy);
      return verdict.kind === 'candidate'
        ? [verdict.draft.status, verdict.draft.originalStatus]
        : verdict.reason;
    };
    expect(statusOfDraft('5')).toEqual(['pending', '5']);
    expect(statusOfDraft('3')).toEqual(['declined', '3']);
    expect(statusOfDraft('REVERSED', network())).toEqual(['declined', 'REVERSED']);
    // A statusMap overrides a built-in meaning.
    expect(statusOfDraft('hold', network([], false, { HOLD: 'approved' }))).toEqual(['approved', 'hold']);
    // Events from before originalStatus existed keep the ingress's reading; no status is approved.
    const legacy = judgePostback(postback({ status: 'pending' }), click, offer, network());
    expect(legacy.kind === 'candidate' && legacy.draft.status).toBe('pending');
  });

  it('rejects a status value nobody maps as invalid-status, naming it', () => {
    const verdict = judgePostback(postback({ status: null, originalStatus: '5' }), click, offer, network());
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'invalid-status' });
    expect(verdict.kind === 'rejected' && verdict.message).toContain('"5"');
  });

  it('rejects when the offer is unknown', () => {
    expect(judgePostback(postback(), click, undefined, network())).toMatchObject({ reason: 'unknown-offer' });
  });
});
