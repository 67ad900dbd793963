import { statusMapProblem } from '../common/field-validators';
import { effectiveMacros, resolveNetworkSettings } from './network-settings';

describe('statusMapProblem', () => {
  it('accepts a map of status values to approved, pending or declined', () => {
    expect(statusMapProblem({ '5': 'pending', REVERSED: 'declined' })).toBeNull();
    expect(statusMapProblem({})).toBeNull();
  });

  it.each([
    [[], /must be an object/],
    [{ '5': 'paid' }, /statusMap\["5"\] must be approved, pending or declined/],
    [{ '': 'pending' }, /printable/],
    [{ hold: 'pending', HOLD: 'approved' }, /twice/],
    [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`s${String(i)}`, 'approved'])), /at most 50/],
  ])('refuses %j', (value, message) => {
    expect(statusMapProblem(value)).toMatch(message);
  });
});

describe('resolveNetworkSettings', () => {
  it('fills the click-ID parameter and macros from the template on create', () => {
    expect(resolveNetworkSettings({ template: 'cake' })).toEqual({
      clickIdParam: 's2',
      postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#tid#' },
      statusMap: {},
    });
    expect(resolveNetworkSettings({ template: 'custom' })).toEqual({
      clickIdParam: '',
      postbackMacros: { clickId: 'REPLACE', payout: 'OPTIONAL', txid: 'OPTIONAL' },
      statusMap: {},
    });
    expect(resolveNetworkSettings({ template: 'affise' }).statusMap).toEqual({ '5': 'pending' });
    expect(resolveNetworkSettings({ template: 'impact' }).statusMap).toEqual({
      pending: 'pending',
      approved: 'approved',
      reversed: 'declined',
    });
  });

  it('keeps explicit values; explicit macros replace the template macros except the click-ID macro', () => {
    expect(
      resolveNetworkSettings({
        template: 'hasoffers',
        clickIdParam: 'aff_sub2',
        postbackMacros: { payout: '{p}' },
      }),
    ).toEqual({
      clickIdParam: 'aff_sub2',
      postbackMacros: { clickId: '{aff_sub}', payout: '{p}' },
      statusMap: {},
    });
    expect(resolveNetworkSettings({ template: 'affise', statusMap: { Hold: 'pending' } }).statusMap).toEqual({
      hold: 'pending',
    });
  });

  it('changes only given fields on update, and refills from a new template', () => {
    expect(resolveNetworkSettings({ clickIdParam: 'sub9' }, { template: 'cake' })).toEqual({
      clickIdParam: 'sub9',
      postbackMacros: undefined,
      statusMap: undefined,
    });
    expect(resolveNetworkSettings({ template: 'everflow' }, { template: 'cake' })).toEqual({
      clickIdParam: 'sub1',
      postbackMacros: {
        clickId: '{sub1}',
        payout: '{revenue}',
        txid: '{transaction_id}',
        eventType: '{event_id}',
      },
      statusMap: {},
    });
  });

  it('reads stored macros without a click-ID macro as the template one', () => {
    expect(effectiveMacros('impact', { payout: '{Payout}' })).toEqual({
      clickId: '{SubId1}',
      payout: '{Payout}',
    });
  });
});
