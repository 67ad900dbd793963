import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { ClickIdTagger } from './click-id-tag';

describe('ClickIdTagger', () => {
  it('equals the first 32 bits of node:crypto HMAC-SHA256 for any key and 12-byte message', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        (key, message) => {
          const expected = createHmac('sha256', key).update(message).digest().readUInt32BE(0);
          expect(new ClickIdTagger(key).tag(message)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads only the first 12 bytes and is repeatable', () => {
    const tagger = new ClickIdTagger(Buffer.from('a-secret-of-some-length'));
    const bytes = Buffer.from('0123456789abcdef');
    const first = tagger.tag(bytes);
    bytes.write('wxyz', 12);
    expect(tagger.tag(bytes)).toBe(first);
    expect(tagger.tag(bytes.subarray(0, 12))).toBe(first);
  });
});
