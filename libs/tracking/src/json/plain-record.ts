import { ownEntry } from './own-entry';

/**
 * The entries of a string record (raw parameters, keys chosen by a client) in an ordinary object,
 * for `JSON.stringify` only. V8 serialises an object with a null prototype on its slow path: a
 * postback event with its parameters in one took 2.4 µs against 0.5–0.7 µs with an ordinary object
 * (Node 26; `docs/performance-history.md`). The JSON text is the same: same own keys in the same
 * order, a `__proto__` key defined as an own property, never through the prototype setter.
 *
 * Not for look-ups: in an ordinary object `constructor` or `toString` are inherited members. Keep
 * bare records (or null-prototype maps) wherever a record is read by key. A bare record, though
 * in fast mode, is serialised on the same slow path: its prototype is not Object.prototype.
 */
export function plainRecord<V>(
  record: Readonly<Record<string, V>>,
  mapValue?: (value: V) => V,
  mapKey?: (key: string) => string,
): Record<string, V> {
  const plain: Record<string, V> = {};
  // for…in lists own keys only on a null-prototype map, and Object.prototype has no enumerable members.
  for (const name in record) {
    if (!Object.hasOwn(record, name)) continue;
    const key = mapKey === undefined ? name : mapKey(name);
    const value = mapValue === undefined ? record[name] : mapValue(record[name]);
    ownEntry(plain, key, value);
  }
  return plain;
}
