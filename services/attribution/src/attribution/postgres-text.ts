/**
 * Postgres text and jsonb cannot hold U+0000, which a postback or a user agent may carry: it is
 * replaced by U+FFFD so the row is stored (and visibly marked) instead of failing the batch.
 */
export function postgresSafe(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function postgresSafeRecord<V extends string | undefined | null>(
  record: Readonly<Record<string, V>>,
): Record<string, V> {
  const safe: Record<string, V> = {};
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
