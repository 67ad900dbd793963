import { buildReport } from './report-builder';

const conversions = (
  key: string,
  currency: string,
  approved: number,
  revenue: string,
  pending = 0,
  declined = 0,
) => ({
  key,
  currency,
  approved: String(approved),
  revenue,
  pending: String(pending),
  declined: String(declined),
});

describe('buildReport', () => {
  it('joins clicks and conversions per key and derives exact metrics', () => {
    const report = buildReport(
      'campaign',
      [
        { key: 'a', clicks: '4', cost: '0.200000' },
        { key: 'b', clicks: '10', cost: '0.000000' },
      ],
      [conversions('a', 'USD', 2, '0.300000', 1, 3)],
      new Map([['a', 'Campaign A']]),
    );
    expect(report.rows.map((row) => row.key)).toEqual(['b', 'a']);
    expect(report.rows[1]).toEqual({
      key: 'a',
      name: 'Campaign A',
      clicks: 4,
      conversions: 2,
      pendingConversions: 1,
      declinedConversions: 3,
      currency: 'USD',
      revenue: '0.3',
      revenueByCurrency: { USD: '0.3' },
      cost: '0.2',
      profit: '0.1',
      cr: '0.500000',
      epc: '0.075000',
      roi: '0.500000',
    });
    expect(report.rows[0]).toMatchObject({
      name: null,
      revenue: '0',
      currency: null,
      cr: '0.000000',
      epc: '0.000000',
      roi: null,
    });
    expect(report.totals).toMatchObject({
      clicks: 14,
      conversions: 2,
      revenue: '0.3',
      cost: '0.2',
      profit: '0.1',
    });
  });

  it('keeps a group that only has conversions, with null ratios over zero clicks and cost', () => {
    const report = buildReport('day', [], [conversions('2026-03-10', 'EUR', 1, '5.000000')], new Map());
    expect(report.rows).toEqual([
      expect.objectContaining({
        key: '2026-03-10',
        clicks: 0,
        conversions: 1,
        revenue: '5',
        cr: null,
        epc: null,
        roi: null,
      }),
    ]);
  });

  it('never adds revenue across currencies', () => {
    const report = buildReport(
      'offer',
      [{ key: 'o', clicks: '2', cost: '1.000000' }],
      [
        conversions('o', 'USD', 1, '3.000000'),
        conversions('o', 'EUR', 1, '2.000000'),
        conversions('o', 'GBP', 0, '0', 4),
      ],
      new Map(),
    );
    expect(report.rows[0]).toMatchObject({
      conversions: 2,
      pendingConversions: 4,
      currency: null,
      revenue: null,
      revenueByCurrency: { EUR: '2', USD: '3' },
      profit: null,
      cr: '1.000000',
      epc: null,
      roi: null,
    });
  });

  it('sorts days by date', () => {
    const report = buildReport(
      'day',
      [
        { key: '2026-03-11', clicks: '9', cost: '0' },
        { key: '2026-03-10', clicks: '1', cost: '0' },
      ],
      [],
      new Map(),
    );
    expect(report.rows.map((row) => row.key)).toEqual(['2026-03-10', '2026-03-11']);
  });
});
