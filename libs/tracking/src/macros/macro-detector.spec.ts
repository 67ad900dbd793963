import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ClickIdCodec } from '../click-id/click-id.codec';
import { AFFILIATE_NETWORK_CATALOG } from '../networks/network-catalog';
import { detectMacro, type MacroForm } from './macro-detector';

describe('detectMacro', () => {
  it.each<[string, MacroForm, string]>([
    ['REPLACE', 'keyword', 'REPLACE'],
    ['OPTIONAL', 'keyword', 'OPTIONAL'],
    ['replace', 'keyword', 'REPLACE'],
    ['{aff_sub}', 'curly', 'aff_sub'],
    ['{{click_id}}', 'double-curly', 'click_id'],
    ['{{ sub1 }}', 'double-curly', 'sub1'],
    ['#s2#', 'hash', 's2'],
    ['[clickid]', 'square', 'clickid'],
    ['[[subid]]', 'double-square', 'subid'],
    ['[[[subid]]]', 'triple-square', 'subid'],
    ['!!!clickRef!!!', 'triple-bang', 'clickRef'],
    ['%%subid%%', 'double-percent', 'subid'],
    ['%subid%', 'percent', 'subid'],
    ['${x}', 'dollar-curly', 'x'],
    ['<clickid>', 'angle', 'clickid'],
    ['__CLICK_ID__', 'double-underscore', 'CLICK_ID'],
    ['{campaign.id}', 'curly', 'campaign.id'],
    ['  #price#  ', 'hash', 'price'],
  ])('flags %s as a %s macro', (value, form, name) => {
    expect(detectMacro(value)).toEqual({ macro: value.trim(), form, name });
  });

  it('sees through braces a network URL-encoded and names the macro as received', () => {
    expect(detectMacro('%7Bsub1%7D')).toEqual({ macro: '%7Bsub1%7D', form: 'curly', name: 'sub1' });
    expect(detectMacro('%23s2%23')).toMatchObject({ form: 'hash', name: 's2' });
  });

  it('catches every postback macro of the network catalog', () => {
    const macros = Object.values(AFFILIATE_NETWORK_CATALOG).flatMap(({ postbackMacros: m }) =>
      [m.clickId, m.payout, m.txid, m.currency, m.status].filter(
        (macro): macro is string => macro !== undefined,
      ),
    );
    expect(macros.length).toBeGreaterThan(15);
    for (const macro of macros) expect(detectMacro(macro)).toMatchObject({ macro });
  });

  it('never flags 100,000 generated click IDs (upper or lower case)', () => {
    const codec = new ClickIdCodec(['macro-test-secret-0123456789']);
    let flagged = 0;
    for (let i = 0; i < 100_000; i++) {
      const id = codec.generate(1_600_000_000_000 + i * 7919);
      if (detectMacro(id) !== null || detectMacro(id.toLowerCase()) !== null) flagged++;
    }
    expect(flagged).toBe(0);
  });

  it.each([
    'T-991',
    'ORD_12345',
    'abc#1',
    '#1',
    '12.50',
    '-3',
    'USD',
    'approved',
    'lead',
    '__abc__',
    'a{b}',
    '{1234}',
    '[2024-01-01]',
    '%20',
    '100%',
    '50%off%',
    'x%y%',
    '<3',
    'REPLACEMENT-42',
    'optional-upsell',
    'order #991',
    'tx[1]',
    '',
    '   ',
  ])('does not flag the realistic value %p', (value) => {
    expect(detectMacro(value)).toBeNull();
  });

  it('does not flag UUIDs, numeric or alphanumeric transaction IDs', () => {
    const txid = fc.oneof(
      fc.uuid(),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}$/),
      fc.stringMatching(/^[A-Z]{1,4}-\d{1,10}$/),
      fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
    );
    fc.assert(
      fc.property(txid, (value) => detectMacro(value) === null),
      { numRuns: 20_000 },
    );
    for (let i = 0; i < 1000; i++) expect(detectMacro(randomUUID())).toBeNull();
  });

  it('ignores values too long to be a placeholder', () => {
    expect(detectMacro(`{${'a'.repeat(100)}}`)).toBeNull();
  });
});
