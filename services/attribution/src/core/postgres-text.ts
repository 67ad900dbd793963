import { plainRecord, toStorableText } from '@clickledger/tracking';

/**
 * Postgres text and jsonb cannot hold U+0000, and jsonb refuses a lone UTF-16 surrogate: both
 * may come from outside (a postback, a user agent). They are replaced by U+FFFD so the row is
 * stored (and visibly marked) instead of failing the batch on every retry (issue 12). The
 * ingress cleans its input already; this is the defence again before Postgres.
 */
export const postgresSafe = toStorableText;

/**
 * A record with storable keys and values, for a jsonb column: an ordinary object (see plainRecord;
 * a `__proto__` key is an own entry), as it is only serialised.
 */
export function postgresSafeRecord<V extends string | undefined | null>(
  record: Readonly<Record<string, V>>,
): Record<string, V> {
  return plainRecord(record, safeValue, postgresSafe);
}

const safeValue = <V extends string | undefined | null>(value: V): V =>
  (typeof value === 'string' ? postgresSafe(value) : value) as V;
