// Text from the outside world (query strings, JSON, headers) can hold lone UTF-16 surrogates and
// NUL: JSON.stringify keeps a lone surrogate as `\ud800`, which Postgres's jsonb refuses, and a
// text column refuses NUL. Either would make a stored event impossible to process, forever.

const LONE_SURROGATE_SOURCE =
  '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_SOURCE);
const LONE_SURROGATES = new RegExp(LONE_SURROGATE_SOURCE, 'g');
const MAYBE_UNSTORABLE = /[\uD800-\uDFFF\u0000]/;
const NUL = /\u0000/g;

/** U+FFFD REPLACEMENT CHARACTER: replaced visibly, never dropped (CONTRACT §3, §4). */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** True when `value` has a lone surrogate or a NUL, i.e. `toStorableText` would change it. */
export function hasUnstorableText(value: string): boolean {
  return MAYBE_UNSTORABLE.test(value) && (value.includes('\u0000') || LONE_SURROGATE.test(value));
}

/** `value` with every lone surrogate and every NUL replaced by U+FFFD; well-formed UTF-16. */
export function toStorableText(value: string): string {
  if (!MAYBE_UNSTORABLE.test(value)) return value;
  return value.replace(LONE_SURROGATES, REPLACEMENT_CHARACTER).replace(NUL, REPLACEMENT_CHARACTER);
}

/**
 * At most `maxCodePoints` code points of `value`, never cutting a surrogate pair in two, made
 * storable (`toStorableText`). Postgres `varchar(n)` and JSON Schema `maxLength` count code points.
 */
export function cutText(value: string, maxCodePoints: number): string {
  // A string of n UTF-16 units has at most n code points: the common short value is not scanned.
  if (value.length <= maxCodePoints) return toStorableText(value);
  let end = 0;
  for (let points = 0; points < maxCodePoints && end < value.length; points++) {
    const unit = value.charCodeAt(end);
    const next = value.charCodeAt(end + 1);
    const pair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    end += pair ? 2 : 1;
  }
  return toStorableText(value.slice(0, end));
}
