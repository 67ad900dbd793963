import { parse as parseQuery } from 'fast-querystring';

/**
 * What follows `?` in a campaign link: its raw text (the raw entry, which reads only the
 * parameters the campaign's traffic source names) or what Fastify's parser made of it (the
 * Fastify entry). Both give the same values (see firstQueryValues).
 */
export type LinkQuery = string | Readonly<Record<string, unknown>>;

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
  // The next `=`, `%` and `+` at or after a pair's start, found by the engine's own search and each
  // searched for again only once a pair starts past it: one pass over the query, however many pairs.
  const equalsSign = new NextOf(query, '=');
  const percent = new NextOf(query, '%');
  const plus = new NextOf(query, '+');
  let start = 0;
  while (missing > 0 && start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    if (end > start) {
      const equals = equalsSign.within(start, end);
      const encoded = percent.within(start, end) >= 0 || plus.within(start, end) >= 0;
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

/** Where `char` next occurs in `text`, for positions that only move forward. */
class NextOf {
  /** -2: not searched yet; -1: no more. */
  private at = -2;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** Its first position in [start, end), or -1. */
  within(start: number, end: number): number {
    if (this.at === -2 || (this.at >= 0 && this.at < start)) this.at = this.text.indexOf(this.char, start);
    return this.at >= start && this.at < end ? this.at : -1;
  }
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
