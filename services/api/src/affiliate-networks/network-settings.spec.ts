import { effectiveMacros, resolveNetworkSettings } from './network-settings';

describe('resolveNetworkSettings', () => {
  it('fills the click-ID parameter and macros from the template on create', () => {
    expect(resolveNetworkSettings({ template: 'cake' })).toEqual({
      clickIdParam: 's2',
      postbackMacros: { clickId: '#s2#', payout: '#price#', txid: '#tid#' },
    });
    expect(resolveNetworkSettings({ template: 'custom' })).toEqual({
      clickIdParam: '',
      postbackMacros: { clickId: 'REPLACE', payout: 'OPTIONAL', txid: 'OPTIONAL' },
    });
  });

  it('keeps explicit values; explicit macros replace the template macros except the click-ID macro', () => {
    expect(
      resolveNetworkSettings({
        template: 'hasoffers',
        clickIdParam: 'aff_sub2',
        postbackMacros: { payout: '{p}' },
      }),
    ).toEqual({ clickIdParam: 'aff_sub2', postbackMacros: { clickId: '{aff_sub}', payout: '{p}' } });
  });

  it('changes only given fields on update, and refills from a new template', () => {
    expect(resolveNetworkSettings({ clickIdParam: 'sub9' }, { template: 'cake' })).toEqual({
      clickIdParam: 'sub9',
      postbackMacros: undefined,
    });
    expect(resolveNetworkSettings({ template: 'everflow' }, { template: 'cake' })).toEqual({
      clickIdParam: 'sub1',
      postbackMacros: { clickId: '{sub1}', payout: '{revenue}', txid: '{transaction_id}' },
    });
  });

  it('reads stored macros without a click-ID macro as the template one', () => {
    expect(effectiveMacros('impact', { payout: '{Payout}' })).toEqual({
      clickId: '{SubId1}',
      payout: '{Payout}',
    });
  });
});
