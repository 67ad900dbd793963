import { createHash } from 'node:crypto';

/** The namespace of upload postback ids (a random UUID fixed once; changing it would re-apply old files). */
const NAMESPACE = Buffer.from('5b0f6c1e8f9a4f6e9a1d2c3b4a596877', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5) for an uploaded row: the same row gives the same postback
 * id in any file and any upload, and attribution treats a postback id it has logged as a
 * redelivery, so uploading a file again changes nothing. The name is what the row means (click,
 * event, txid, status, payout, currency), not its line: a row whose status changed is a new
 * postback (a status change), as a network's second postback would be.
 */
export function uploadPostbackId(parts: readonly (string | null | undefined)[]): string {
  const name = JSON.stringify(['conversion-upload', ...parts.map((part) => part ?? null)]);
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
