import { toStorableText } from '@clickledger/tracking';

/**
 * Postgres text and jsonb cannot hold U+0000, and jsonb refuses a lone UTF-16 surrogate: both
 * may come from outside (a postback, a user agent). They are replaced by U+FFFD so the row is
 * stored (and visibly marked) instead of failing the batch on every retry (issue 12). The
 * ingress cleans its input already; this is the defence again before Postgres.
 */
export function postgresSafe(text: string): string {
  return toStorableText(text);
}

/** A record with storable keys and values, as a null-prototype map (a key may be `__proto__`). */
export function postgresSafeRecord<V extends string | undefined | null>(
  record: Readonly<Record<string, V>>,
): Record<string, V> {
  const safe = Object.create(null) as Record<string, V>;
  for (const [name, value] of Object.entries(record)) {
    safe[postgresSafe(name)] = (typeof value === 'string' ? postgresSafe(value) : value) as V;
  }
  return safe;
}

/** JSON text for a jsonb column: U+0000 in any key or string becomes U+FFFD (jsonb rejects `\u0000`). */
export function postgresSafeJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return postgresSafe(item);
    if (item !== null && typeof item === 'object' && !Array.isArray(item))
      return Object.fromEntries(Object.entries(item).map(([name, inner]) => [postgresSafe(name), inner]));
    return item;
  });
}
