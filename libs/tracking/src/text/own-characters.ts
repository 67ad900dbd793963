/**
 * V8 makes a substring of 13 characters or more (`slice`, `split`, a query-string parser's values)
 * a view into its parent string, not a copy.
 */
const SHORTEST_VIEW = 13;

/**
 * The same text, in a string that holds its own characters, never a view into a longer string
 * such as the request URL it was read from.
 *
 * Why: `JSON.stringify` serialises the whole value on V8's slower general path as soon as it
 * meets such a view. With the traffic source's 32-character click ID read from the link, the
 * click event's JSON took 4.07 µs, and 1.40 µs with the ID copied (`npm run bench -- click-work`
 * under `node --cpu-prof`, docs/performance-history.md). Values read from a request that travel
 * on an event are copied once, here.
 *
 * Joining two parts builds a new flat string; a copy made by concatenation (`a + b`) would be a
 * rope, which leaves the fast path too.
 */
export function ownCharacters(text: string): string {
  return text.length < SHORTEST_VIEW ? text : [text.charAt(0), text.slice(1)].join('');
}
