import type { ConversionDraft } from './attribution.types';
import { ConversionLedger } from './conversion-ledger';

const draft = (overrides: Partial<ConversionDraft> = {}): ConversionDraft => ({
  clickId: 'C1',
  eventType: 'sale',
  dedupeKey: '',
  txid: null,
  status: 'approved',
  payoutAmount: '1',
  payoutCurrency: 'USD',
  convertedAt: new Date(0),
  clickedAt: new Date(0),
  campaignId: 'c',
  offerId: 'o',
  affiliateNetworkId: 'n',
  trafficSourceId: 't',
  externalId: null,
  vars: {},
  postbackId: 'p1',
  originalStatus: null,
  payoutFromPostback: true,
  country: null,
  device: null,
  os: null,
  browser: null,
  ...overrides,
});

const ids = () => {
  let n = 0;
  return () => `id-${String(++n)}`;
};

describe('ConversionLedger', () => {
  it('creates, then counts the same identity and status as a duplicate', () => {
    const ledger = new ConversionLedger([], ids());
    expect(ledger.apply(draft()).outcome).toBe('accepted');
    expect(ledger.apply(draft({ postbackId: 'p2' })).outcome).toBe('duplicate');
    expect(ledger.inserts).toHaveLength(1);
    expect(ledger.updates).toHaveLength(0);
  });

  it('changes the status of a stored conversion with a new revision each time', () => {
    const { payoutFromPostback: _, ...fields } = draft();
    const stored = { ...fields, id: 'stored', revision: 3 };
    const ledger = new ConversionLedger([stored], ids());
    const declined = ledger.apply(draft({ status: 'declined', postbackId: 'p2' }));
    const approved = ledger.apply(draft({ status: 'approved', postbackId: 'p3' }));
    expect(declined).toMatchObject({ outcome: 'status-changed', conversion: { id: 'stored', revision: 4 } });
    expect(approved).toMatchObject({
      outcome: 'status-changed',
      conversion: { revision: 5, status: 'approved' },
    });
    expect(ledger.updates).toEqual([
      expect.objectContaining({ id: 'stored', revision: 5, postbackId: 'p3' }),
    ]);
    expect(ledger.inserts).toHaveLength(0);
  });

  it('inserts a conversion created and changed in the same batch once, in its final state', () => {
    const ledger = new ConversionLedger([], ids());
    ledger.apply(draft({ status: 'pending' }));
    ledger.apply(draft({ status: 'approved', postbackId: 'p2' }));
    expect(ledger.inserts).toEqual([expect.objectContaining({ revision: 2, status: 'approved' })]);
    expect(ledger.updates).toHaveLength(0);
  });

  it('a status change takes a payout the postback carried (auto mode), and keeps it otherwise', () => {
    const ledger = new ConversionLedger([], ids());
    ledger.apply(draft({ status: 'pending', payoutAmount: '7.2', originalStatus: 'PENDING' }));
    const approved = ledger.apply(
      draft({ status: 'approved', payoutAmount: '9', postbackId: 'p2', originalStatus: 'APPROVED' }),
    );
    expect(approved).toMatchObject({
      conversion: { revision: 2, payoutAmount: '9', originalStatus: 'APPROVED' },
    });
    const reversed = ledger.apply(
      draft({ status: 'declined', payoutAmount: '2.5', payoutFromPostback: false, postbackId: 'p3' }),
    );
    expect(reversed).toMatchObject({ conversion: { revision: 3, status: 'declined', payoutAmount: '9' } });
    expect(ledger.inserts[0]).not.toHaveProperty('payoutFromPostback');
  });

  it('treats another txid or event type as another conversion', () => {
    const ledger = new ConversionLedger([], ids());
    ledger.apply(draft({ dedupeKey: 'T1', txid: 'T1' }));
    ledger.apply(draft({ dedupeKey: 'T2', txid: 'T2' }));
    ledger.apply(draft({ eventType: 'lead', dedupeKey: 'T1', txid: 'T1' }));
    expect(ledger.inserts.map((c) => c.id)).toEqual(['id-1', 'id-2', 'id-3']);
  });
});
