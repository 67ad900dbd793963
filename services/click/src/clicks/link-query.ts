import { parse as parseQuery } from 'fast-querystring';

/**
 * What follows `?` in a campaign link: its raw text (the raw entry, which reads only the
 * parameters the campaign's traffic source names) or what Fastify's parser made of it (the
 * Fastify entry). Both give the same values (see firstQueryValues).
 */
export type LinkQuery = string | Readonly<Record<string, unknown>>;

const EQUALS = 61;
const PLUS = 43;
const PERCENT = 37;

/**
 * The first value of each of `names` (in that order) in `query`, exactly as fast-querystring,
 * Fastify's parser, gives it: `+` read as a space, then percent-decoded (left as it is where that
 * is not valid UTF-8), the first of a repeated key, '' for a key without `=`; undefined for a name
 * that is not there. Without building an object of every parameter of the link: the keys a
 * visitor's link chose were each internalised and stored megamorphically, about half a
 * microsecond of a redirect. Keys and values that need decoding are rare: their pair is handed to
 * fast-querystring itself, so the decoding is Fastify's by construction.
 */
export function firstQueryValues(query: string, names: readonly string[]): (string | undefined)[] {
  const values: (string | undefined)[] = new Array<string | undefined>(names.length).fill(undefined);
  let missing = names.length;
  let start = 0;
  while (missing > 0 && start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    let equals = -1;
    let encoded = false;
    for (let i = start; i < end; i++) {
      const code = query.charCodeAt(i);
      if (code === EQUALS) {
        if (equals < 0) equals = i;
      } else if (code === PLUS || code === PERCENT) {
        encoded = true;
      }
    }
    if (end > start) {
      const pair = encoded ? decodedPair(query.slice(start, end)) : undefined;
      const keyEnd = equals < 0 ? end : equals;
      for (let n = 0; n < names.length; n++) {
        if (values[n] !== undefined) continue;
        const name = names[n];
        const matches = pair
          ? pair.key === name
          : keyEnd - start === name.length && query.startsWith(name, start);
        if (!matches) continue;
        values[n] = pair ? pair.value : equals < 0 ? '' : query.slice(equals + 1, end);
        missing--;
      }
    }
    start = end + 1;
  }
  return values;
}

/** A pair with `+` or `%` in it, as fast-querystring reads it (one key, its one value). */
function decodedPair(text: string): { key: string; value: string } | undefined {
  const parsed = parseQuery(text) as Record<string, unknown>;
  for (const key in parsed) {
    const value = parsed[key];
    if (typeof value === 'string') return { key, value };
  }
  return undefined;
}

/** The first value of `name` in what Fastify parsed: own properties only, the first of an array. */
export function firstParsedValue(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (!Object.hasOwn(query, name)) return undefined;
  const raw = query[name];
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  return typeof value === 'string' ? value : undefined;
}
