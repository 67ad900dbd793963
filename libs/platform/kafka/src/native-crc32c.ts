/**
 * Every record batch kafkajs produces carries a CRC-32C of its bytes, which kafkajs computes in
 * JavaScript a byte at a time: 2.6 ms per MiB here, 2.5 % of attribution's CPU (it publishes a
 * conversion event per postback). @node-rs/crc32 computes it natively (SSE 4.2 where there is):
 * 0.17 ms per MiB. kafkajs's checksum module is replaced by it in Node's module cache (see
 * replaceKafkajsModule); where the native build cannot load (a platform it has no build for),
 * kafkajs keeps its own.
 */
import { replaceKafkajsModule } from './kafkajs-module-cache';

const CHECKSUM_MODULE = 'kafkajs/src/protocol/recordBatch/crc32C';
/** The kafkajs module that takes the checksum when it loads. */
const RECORD_BATCH_MODULE = 'kafkajs/src/protocol/recordBatch/v0';

type Crc32c = (input: Buffer) => number;

function loadNative(): Crc32c | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native module
    const { crc32c } = require('@node-rs/crc32') as { crc32c: (input: Buffer) => number };
    // kafkajs writes the checksum as an unsigned 32-bit integer.
    return (input) => crc32c(input) >>> 0;
  } catch {
    return undefined;
  }
}

/** kafkajs's checksum, natively; undefined where @node-rs/crc32 has no build. */
export const nativeCrc32c = loadNative();

const installed =
  nativeCrc32c !== undefined && replaceKafkajsModule(CHECKSUM_MODULE, nativeCrc32c, RECORD_BATCH_MODULE);

/** Whether kafkajs checksums record batches natively in this process. */
export function nativeRecordBatchChecksum(): boolean {
  return installed;
}
