import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { conversionEventId } from './conversion-events.publisher';

/** The formula the ids were made with so far: a re-published event must keep its id across versions. */
function earlierEventId(conversionId: string, revision: number): string {
  const hex = createHash('sha256')
    .update(`${conversionId}/${String(revision)}`)
    .digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe('conversionEventId', () => {
  it('gives the same id as before for any conversion and revision (a version 5 UUID)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 1_000_000 }), (conversionId, revision) => {
        const id = conversionEventId(conversionId, revision);
        expect(id).toBe(earlierEventId(conversionId, revision));
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
      { numRuns: 10_000 },
    );
  });
});
