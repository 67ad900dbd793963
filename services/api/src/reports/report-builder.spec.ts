import { spreadCosts, groupIdOf } from './cost-spread';
import { ExchangeRateBook, MissingExchangeRateError } from './exchange-rate-book';
import { buildReport } from './report-builder';
import { reportCsv } from './report-csv';
import type { ConversionAggregate, CostEntry } from './reports.repository';

const approved = (keys: string[], currency: string, amount: string, day = '2026-03-10', eventType = 'sale') =>
  ({
    keys,
    day,
    currency,
    status: 'approved',
    eventType,
    conversions: '1',
    amount,
  }) satisfies ConversionAggregate;

const book = (rates: Record<string, string> = {}) =>
  new ExchangeRateBook('USD', new Map(Object.entries(rates)));

describe('buildReport', () => {
  it('nests groups, converts each day at its rate, leaves bots out of clicks, CR and EPC', () => {
    const report = buildReport({
      levels: ['campaign', 'country'],
      clicks: [
        { keys: ['a', 'DE'], clicks: '4', botClicks: '6', cost: '1.000000' },
        { keys: ['a', ''], clicks: '1', botClicks: '0', cost: '0' },
        { keys: ['b', 'US'], clicks: '10', botClicks: '0', cost: '0' },
      ],
      conversions: [
        approved(['a', 'DE'], 'EUR', '10.000000', '2026-03-10'),
        approved(['a', 'DE'], 'EUR', '10.000000', '2026-03-11', 'lead'),
        { ...approved(['a', 'DE'], 'USD', '99.000000'), status: 'pending' },
      ],
      costs: new Map([[groupIdOf(['a', 'DE']), 500_000n]]),
      rates: book({ '2026-03-10 EUR': '1.100000000000', '2026-03-11 EUR': '1.200000000000' }),
      names: new Map([['campaign', new Map([['a', 'Campaign A']])]]),
    });
    // b has more clicks than a (10 vs 5): first; within a, DE (4) before none (1).
    expect(report.rows.map((row) => row.groups.map((group) => group.key))).toEqual([
      ['b', 'US'],
      ['a', 'DE'],
      ['a', null],
    ]);
    expect(report.rows[1]).toEqual({
      groups: [
        { dimension: 'campaign', key: 'a', name: 'Campaign A' },
        { dimension: 'country', key: 'DE', name: null },
      ],
      clicks: 4,
      botClicks: 6,
      conversions: 2,
      pendingConversions: 1,
      declinedConversions: 0,
      conversionsByEventType: { lead: 1, sale: 1 },
      revenue: '23', // 10 × 1.1 + 10 × 1.2
      cost: '1.5',
      profit: '21.5',
      cr: '0.500000',
      epc: '5.750000',
      roi: '14.333333',
    });
    expect(report.totals).toMatchObject({ clicks: 15, botClicks: 6, revenue: '23', cost: '1.5' });
  });

  it('refuses to guess: a missing rate names every currency and day', () => {
    const build = () =>
      buildReport({
        levels: ['day'],
        clicks: [],
        conversions: [
          approved(['2026-03-10'], 'EUR', '1.000000', '2026-03-10'),
          approved(['2026-03-11'], 'GBP', '1.000000', '2026-03-11'),
          approved(['2026-03-11'], 'USD', '1.000000', '2026-03-11'),
        ],
        costs: new Map(),
        rates: book({ '2026-03-10 EUR': '1.000000000000' }),
        names: new Map(),
      });
    expect(build).toThrow(MissingExchangeRateError);
    expect(build).toThrow(/GBP on 2026-03-11/);
  });
});

describe('spreadCosts', () => {
  const entry = (overrides: Partial<CostEntry> = {}): CostEntry => ({
    id: 'c1',
    campaignId: 'a',
    day: '2026-03-10',
    amount: '10.000000',
    currency: 'USD',
    totalClicks: '3',
    durationMs: '3600000',
    overlapMs: '3600000',
    ...overrides,
  });

  it('splits by clicks with the remainder to the largest fractions, adding up exactly', () => {
    const spread = spreadCosts(
      ['country'],
      [entry()],
      [
        { costId: 'c1', keys: ['DE'], clicks: '1' },
        { costId: 'c1', keys: ['US'], clicks: '2' },
      ],
      book(),
    );
    // 10 / 3 = 3.333333…, 20 / 3 = 6.666666… (larger fraction gets the extra micro).
    expect(spread.get(groupIdOf(['DE']))).toBe(3_333_333n);
    expect(spread.get(groupIdOf(['US']))).toBe(6_666_667n);
  });

  it('converts at the start day, takes the part in range, and keeps a click-less cost by time', () => {
    const spread = spreadCosts(
      ['campaign'],
      [
        entry({ currency: 'EUR', totalClicks: '4' }),
        entry({ id: 'c2', campaignId: 'b', totalClicks: '0', durationMs: '7200000', overlapMs: '3600000' }),
      ],
      [{ costId: 'c1', keys: ['a'], clicks: '1' }],
      book({ '2026-03-10 EUR': '2.000000000000' }),
    );
    expect(spread.get(groupIdOf(['a']))).toBe(5_000_000n); // 10 EUR = 20 USD, 1 of 4 clicks
    expect(spread.get(groupIdOf(['b']))).toBe(5_000_000n); // half its hours in range
  });
});

describe('reportCsv', () => {
  it('writes the same rows, quoted where needed, with formula starts defused', () => {
    const report = buildReport({
      levels: ['campaign', 'var1'],
      clicks: [
        { keys: ['a', '=HYPERLINK("x")'], clicks: '2', botClicks: '0', cost: '3.000000' },
        { keys: ['a', 'zone, "7"'], clicks: '1', botClicks: '1', cost: '0' },
      ],
      conversions: [approved(['a', 'zone, "7"'], 'USD', '1.000000')],
      costs: new Map(),
      rates: book(),
      names: new Map([['campaign', new Map([['a', '@Camp']])]]),
    });
    const csv = reportCsv({
      from: '',
      to: '',
      groupBy: ['campaign', 'var1'],
      tz: 'UTC',
      currency: 'USD',
      includeTest: false,
      ...report,
    });
    expect(csv.split('\r\n')).toEqual([
      'campaign,campaignName,var1,clicks,botClicks,conversions,pendingConversions,declinedConversions,revenue,cost,profit,cr,epc,roi,conversions:sale',
      `a,'@Camp,"'=HYPERLINK(""x"")",2,0,0,0,0,0,3,-3,0.000000,0.000000,-1.000000,0`,
      `a,'@Camp,"zone, ""7""",1,1,1,0,0,1,0,1,1.000000,1.000000,,1`,
      '',
    ]);
  });
});
