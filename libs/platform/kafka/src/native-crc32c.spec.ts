import fc from 'fast-check';
import { nativeCrc32c, nativeRecordBatchChecksum } from './native-crc32c';

// kafkajs's own checksum in JavaScript (the inner module, which is not replaced) and its unsigned wrapper.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs's internal module, for comparison
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (input: Buffer) => number;
const unsigned = (value: number): number => value >>> 0;

describe('record batch checksums by @node-rs/crc32', () => {
  it('is the checksum kafkajs uses in this process', () => {
    expect(nativeRecordBatchChecksum()).toBe(true);
  });

  it("gives kafkajs's own CRC-32C for any bytes", () => {
    const checksum = nativeCrc32c;
    if (!checksum) throw new Error('@node-rs/crc32 did not load');
    expect(checksum(Buffer.from('123456789'))).toBe(0xe3069283); // the CRC-32C check value (RFC 3720)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(checksum(buffer)).toBe(unsigned(kafkajsCrc32c(buffer)));
      }),
      { numRuns: 500 },
    );
  });
});
