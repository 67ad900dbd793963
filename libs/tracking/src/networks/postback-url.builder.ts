import type { PostbackMacros } from './network-catalog';

export interface PostbackUrlOptions {
  /** The install's POSTBACK_KEY, when configured; URL-encoded since it is a real value. */
  readonly postbackKey?: string;
  /** A fixed event type for this network's postbacks (e.g. `lead`). */
  readonly eventType?: string;
}

export const POSTBACK_PATH = '/postback';

/**
 * The postback URL to paste into a network's panel, e.g.
 * `https://t.example/postback?cid=#s2#&payout=#price#&txid=#tid#`. Macros stay literal (not
 * URL-encoded): the network must find them verbatim to substitute them.
 */
export function buildPostbackUrl(
  baseUrl: string,
  macros: PostbackMacros,
  options: PostbackUrlOptions = {},
): string {
  const params: string[] = [`cid=${macros.clickId}`];
  if (macros.payout) params.push(`payout=${macros.payout}`);
  if (macros.txid) params.push(`txid=${macros.txid}`);
  if (macros.currency) params.push(`currency=${macros.currency}`);
  if (macros.status) params.push(`status=${macros.status}`);
  // A fixed event type chosen for this URL wins over the network's event macro.
  if (options.eventType) params.push(`et=${encodeURIComponent(options.eventType)}`);
  else if (macros.eventType) params.push(`et=${macros.eventType}`);
  if (options.postbackKey) params.push(`key=${encodeURIComponent(options.postbackKey)}`);
  return `${postbackEndpoint(baseUrl)}?${params.join('&')}`;
}

/** `PUBLIC_POSTBACK_BASE_URL` is an origin (optionally with a path prefix); the endpoint is under it. */
function postbackEndpoint(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(POSTBACK_PATH) ? trimmed : `${trimmed}${POSTBACK_PATH}`;
}
