import { ownCharacters } from './own-characters';
import { cutText, wellFormed } from './well-formed-text';

/** U+FFFD REPLACEMENT CHARACTER: what cannot be kept is replaced visibly, never dropped (CONTRACT §3). */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Well-formed (`wellFormed`) and without NUL, which Postgres refuses in both text and jsonb:
 * text any consumer can store as is. Also safe for `encodeURIComponent`, which throws on a lone
 * surrogate.
 */
export function toStorableText(text: string): string {
  return wellFormed(text.includes('\u0000') ? text.replaceAll('\u0000', REPLACEMENT_CHARACTER) : text);
}

/** True when `toStorableText` would change `text` (it holds NUL or a lone surrogate). */
export function hasUnstorableText(text: string): boolean {
  return toStorableText(text) !== text;
}

/** Storable, then cut to at most `maxUnits` UTF-16 code units, never inside a character. */
export function cutStorableText(text: string, maxUnits: number): string {
  return cutText(toStorableText(text), maxUnits);
}

/**
 * Storable and cut (cutStorableText), in a string of its own: what a value read from a request is
 * before it travels on an event. The request's parsers hand out views into the URL or the head
 * (the hot lane reads every header as one), and one view in an event sends its whole JSON down
 * V8's slower path (ownCharacters).
 */
export function ownStorableText(text: string, maxUnits: number): string {
  const storable = cutStorableText(text, maxUnits);
  // A changed text is a new string already; the text as it came may be a view.
  return storable === text ? ownCharacters(text) : storable;
}
