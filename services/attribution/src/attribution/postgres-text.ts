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
