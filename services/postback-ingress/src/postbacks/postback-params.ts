import { parse as parseQueryString } from 'node:querystring';
import {
  bareRecord,
  cutStorableText,
  cutText,
  ownCharacters,
  type RawPostbackParams,
} from '@clickledger/tracking';

/** Bounds on what a postback may carry; longer input is cut, never reflected back. */
export const MAX_PARAMS = 64;
export const MAX_PARAM_NAME_LENGTH = 64;
export const MAX_PARAM_VALUE_LENGTH = 2048;
/** What of the raw input travels on the event for the postback log. */
export const MAX_LOGGED_PARAMS = 32;
export const MAX_LOGGED_VALUE_LENGTH = 512;

/**
 * Parameters in a record that inherits nothing (`bareRecord`): a client chooses the names, so
 * `__proto__`, `constructor` or `hasOwnProperty` must be plain entries, never inherited members.
 */
export type ParamMap = Record<string, string>;

export const emptyParams = (): ParamMap => bareRecord<string>();

/**
 * Merges the query string with a form or JSON body (body wins) into flat string parameters.
 * Repeated parameters take their first value; numbers and booleans in JSON become strings;
 * nested objects and arrays of objects are ignored, as no postback parameter has that shape.
 * Names and values are made well-formed (lone surrogates become U+FFFD) and values are cut at
 * a code point boundary. Values are copies, not views into the URL: they travel on the postback
 * event, which V8 then serialises on its fast path (ownCharacters).
 */
export function collectPostbackParams(query: unknown, body: unknown): ParamMap {
  const params = emptyParams();
  let count = 0;
  for (const source of [query, body]) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    const entries = source as Record<string, unknown>;
    // Own keys only, a JSON `"__proto__"` key included (JSON.parse makes it own); for…in spares
    // Object.entries's pair arrays.
    for (const rawName in entries) {
      if (!Object.hasOwn(entries, rawName) || rawName.length > MAX_PARAM_NAME_LENGTH) continue;
      const raw = entries[rawName];
      const value = scalar(Array.isArray(raw) ? (raw as unknown[])[0] : raw);
      if (value === undefined) continue;
      const name = cutStorableText(rawName, MAX_PARAM_NAME_LENGTH);
      if (!Object.hasOwn(params, name)) {
        if (count >= MAX_PARAMS) continue;
        count++;
      }
      params[name] = ownCharacters(cutStorableText(value, MAX_PARAM_VALUE_LENGTH));
    }
  }
  return params;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The query string of a raw request URL, parsed with Node's querystring (a null-prototype
 * result, read once by collectPostbackParams; invalid percent-encoded UTF-8 decodes to U+FFFD
 * rather than failing).
 */
export function queryOf(url: string | undefined): Record<string, unknown> {
  const at = url?.indexOf('?') ?? -1;
  if (url === undefined || at < 0) return emptyParams();
  return parseQueryString(url.slice(at + 1), '&', '=', { maxKeys: MAX_PARAMS * 4 });
}

/** The raw parameters as logged: bounded in count and length, the postback key removed. */
export function loggableParams(params: RawPostbackParams): ParamMap {
  const logged = emptyParams();
  let count = 0;
  // for…in, not Object.entries: once per postback, over a null-prototype map (own keys only).
  for (const name in params) {
    const value = params[name];
    if (value === undefined || name === 'key') continue;
    if (count++ >= MAX_LOGGED_PARAMS) break;
    logged[name] = cutText(value, MAX_LOGGED_VALUE_LENGTH);
  }
  return logged;
}
