import { randomBytes } from 'node:crypto';

/** Lower case letters and digits without look-alikes (i, l, o, u): 32 symbols, so bytes map without bias. */
const ALPHABET = 'abcdefghjkmnpqrstvwxyz0123456789';
export const CAMPAIGN_KEY_LENGTH = 10;

/** A short random campaign key: 50 bits, unguessable enough that links cannot be enumerated. */
export function generateCampaignKey(): string {
  const bytes = randomBytes(CAMPAIGN_KEY_LENGTH);
  let key = '';
  for (const byte of bytes) key += ALPHABET.charAt(byte % ALPHABET.length);
  return key;
}
