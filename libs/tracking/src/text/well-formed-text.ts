import { ownCharacters } from './own-characters';

/**
 * Text as it may be stored and shown: valid Unicode, cut only between characters.
 *
 * JavaScript strings are UTF-16 and may hold lone surrogates (a JSON body can carry `"\ud800"`;
 * cutting by code units can split an emoji). Postgres rejects such text in jsonb on every retry,
 * so input is made well-formed at the edge, and again before storage.
 */

/**
 * Replaces every lone surrogate with U+FFFD, visibly. Native (ES2024 `isWellFormed` and
 * `toWellFormed`): every value read from a request or a message goes through here, and the
 * check is a scan without allocation for the (usual) well-formed string.
 */
export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * At most `maxUnits` UTF-16 code units (what `.length` and storage limits count), cut at a code
 * point boundary: a surrogate pair is kept whole or dropped whole, never split. What is cut is a
 * string of its own, not a view into the longer one (ownCharacters: such a view slows the JSON of
 * any event that holds it).
 */
export function cutText(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const end = maxUnits > 0 && isHighSurrogate(text.charCodeAt(maxUnits - 1)) ? maxUnits - 1 : maxUnits;
  return ownCharacters(text.slice(0, end));
}

/** Well-formed, then cut: what every value read from a request goes through. */
export function cleanText(text: string, maxUnits: number): string {
  return cutText(wellFormed(text), maxUnits);
}
