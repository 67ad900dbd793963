import fc from 'fast-check';
import { compareConversionIdentity } from './write-order';

/** The order it replaced: each identity as one text, its fields joined by NUL. */
const joined = (identity: { clickId: string; eventType: string; dedupeKey: string }): string =>
  `${identity.clickId}\u0000${identity.eventType}\u0000${identity.dedupeKey}`;

describe('compareConversionIdentity', () => {
  it('sorts identities as their NUL-joined texts sort, for any text without NUL', () => {
    // Few distinct characters, so prefixes and equal fields are common.
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', 'é', '\uD83D\uDE00', '\uFFFF', '\u0001'),
      maxLength: 4,
    });
    const identity = fc.record({ clickId: field, eventType: field, dedupeKey: field });
    fc.assert(
      fc.property(fc.array(identity, { maxLength: 30 }), (identities) => {
        const byFields = [...identities].sort(compareConversionIdentity).map(joined);
        const byText = identities.map(joined).sort();
        expect(byFields).toEqual(byText);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders by click ID, then event type, then dedupe key', () => {
    const sale = { clickId: 'A', eventType: 'sale', dedupeKey: 'tx-2' };
    expect(compareConversionIdentity(sale, { ...sale, dedupeKey: 'tx-10' })).toBe(1);
    expect(compareConversionIdentity(sale, { ...sale, eventType: 'lead' })).toBe(1);
    expect(compareConversionIdentity(sale, { ...sale, clickId: 'B', eventType: 'lead' })).toBe(-1);
    expect(compareConversionIdentity({ ...sale, eventType: 'lead', dedupeKey: 'z' }, sale)).toBe(-1);
    expect(compareConversionIdentity(sale, { ...sale })).toBe(0);
  });
});
