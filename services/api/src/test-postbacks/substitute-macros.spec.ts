import { substituteMacros } from './test-postbacks.service';

describe('substituteMacros', () => {
  it("replaces each postback parameter's macro as the network would, and adds values it has no macro for", () => {
    const url = substituteMacros('http://127.0.0.1:8081/postback?cid=#s2#&payout=#price#&txid=#tid#&key=k', {
      cid: '01JD3ABC',
      payout: '7.25',
      txid: undefined,
      et: 'lead',
    });
    const parsed = new URL(url);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      cid: '01JD3ABC',
      payout: '7.25',
      txid: '',
      key: 'k',
      et: 'lead',
    });
  });

  it('handles the custom template, whose optional macros share one placeholder', () => {
    const url = substituteMacros('http://127.0.0.1:8081/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL', {
      cid: 'X',
      payout: undefined,
      txid: 'T 1&2',
    });
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual({ cid: 'X', payout: '', txid: 'T 1&2' });
  });
});
