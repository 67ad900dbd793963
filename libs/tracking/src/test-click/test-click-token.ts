import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The marker of a test click (CONTRACT §7, test postbacks): the API sends it to the click service
 * in TEST_CLICK_HEADER, signed with the click-ID secret the two share, bound to the campaign key and
 * to a time within TEST_CLICK_TOKEN_TTL_MS. A visitor cannot forge it, so no real click can be
 * hidden from reports as a test; a captured token is useless a minute later.
 */
export const TEST_CLICK_HEADER = 'x-clickledger-test-click';
/** The click service's answer to a verified test click: the click ID it minted. */
export const TEST_CLICK_ID_HEADER = 'x-clickledger-click-id';
export const TEST_CLICK_TOKEN_TTL_MS = 60_000;
const MAX_TOKEN_LENGTH = 128;

function signature(secret: string, campaignKey: string, seconds: number): Buffer {
  return createHmac('sha256', secret)
    .update(`test-click\u0000${campaignKey}\u0000${String(seconds)}`)
    .digest();
}

/** `<unix seconds>.<base64url HMAC>`, signed with the newest secret. */
export function signTestClickToken(secret: string, campaignKey: string, nowMs = Date.now()): string {
  const seconds = Math.floor(nowMs / 1000);
  return `${String(seconds)}.${signature(secret, campaignKey, seconds).toString('base64url')}`;
}

/** True when `token` was signed by one of `secrets` for this campaign, within the TTL of `nowMs`. */
export function verifyTestClickToken(
  secrets: readonly string[],
  campaignKey: string,
  token: string,
  nowMs = Date.now(),
): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const seconds = Number(match[1]);
  if (Math.abs(nowMs - seconds * 1000) > TEST_CLICK_TOKEN_TTL_MS) return false;
  const given = Buffer.from(match[2], 'base64url');
  return secrets.some((secret) => {
    const expected = signature(secret, campaignKey, seconds);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
