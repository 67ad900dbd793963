import type { RawPostbackParams } from '@clickledger/tracking';

/** Bounds on what a postback may carry; longer input is cut, never reflected back. */
export const MAX_PARAMS = 64;
export const MAX_PARAM_NAME_LENGTH = 64;
export const MAX_PARAM_VALUE_LENGTH = 2048;
/** What of the raw input travels on the event for the postback log. */
export const MAX_LOGGED_PARAMS = 32;
export const MAX_LOGGED_VALUE_LENGTH = 512;

/**
 * Merges the query string with a form or JSON body (body wins) into flat string parameters.
 * Repeated parameters take their first value; numbers and booleans in JSON become strings;
 * nested objects and arrays of objects are ignored, as no postback parameter has that shape.
 */
export function collectPostbackParams(query: unknown, body: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  let count = 0;
  for (const source of [query, body]) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [name, raw] of Object.entries(source as Record<string, unknown>)) {
      if (name.length > MAX_PARAM_NAME_LENGTH) continue;
      const value = scalar(Array.isArray(raw) ? (raw as unknown[])[0] : raw);
      if (value === undefined) continue;
      if (!(name in params)) {
        if (count >= MAX_PARAMS) continue;
        count++;
      }
      params[name] = value.length > MAX_PARAM_VALUE_LENGTH ? value.slice(0, MAX_PARAM_VALUE_LENGTH) : value;
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

/** The raw parameters as logged: bounded in count and length, the postback key removed. */
export function loggableParams(params: RawPostbackParams): Record<string, string> {
  const logged: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || name === 'key') continue;
    if (count++ >= MAX_LOGGED_PARAMS) break;
    logged[name] = value.length > MAX_LOGGED_VALUE_LENGTH ? value.slice(0, MAX_LOGGED_VALUE_LENGTH) : value;
  }
  return logged;
}
