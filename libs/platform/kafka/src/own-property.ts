/**
 * Sets `record[key]` as an own property, whatever the key: assigning to `__proto__` would set the
 * record's prototype instead (header names come from whoever produced the message).
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
