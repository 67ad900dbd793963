import fc from 'fast-check';
import { bareRecord, isBareRecord } from './bare-record';
import { plainRecord } from './plain-record';

/** Keys a client may choose, the ones an ordinary object treats specially among them. */
const anyKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'toJSON',
    'hasOwnProperty',
    'valueOf',
    '0',
    '7',
    '10',
    '-1',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const nullPrototypeMap = (entries: readonly (readonly [string, string])[]): Record<string, string> => {
  const map = Object.create(null) as Record<string, string>;
  for (const [key, value] of entries) map[key] = value;
  return map;
};

describe('plainRecord', () => {
  it('serialises exactly as the null-prototype map it copies, whatever the keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyKey, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 12 }),
        (entries) => {
          const map = nullPrototypeMap(entries);
          const plain = plainRecord(map);
          expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
          expect(JSON.stringify(plain)).toBe(JSON.stringify(map));
          expect(Object.entries(plain)).toEqual(Object.entries(map));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('keeps `__proto__` as an own entry, never as the prototype', () => {
    const plain = plainRecord(
      JSON.parse('{"__proto__":{"polluted":"yes"},"a":"1"}') as Record<string, unknown>,
    );
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
    expect((plain as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(plain)).toBe('{"__proto__":{"polluted":"yes"},"a":"1"}');
  });

  it('maps keys and values, a later entry winning when two keys map to the same one', () => {
    const map = nullPrototypeMap([
      ['a', 'x'],
      ['A', 'y'],
      ['__PROTO__', 'p'],
    ]);
    const plain = plainRecord(
      map,
      (value) => `${value}!`,
      (key) => key.toLowerCase(),
    );
    expect(Object.entries(plain)).toEqual([
      ['a', 'y!'],
      ['__proto__', 'p!'],
    ]);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  });

  it('copies own entries only, even when Object.prototype has been polluted', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = 'x';
    try {
      expect(JSON.stringify(plainRecord({ a: '1' }))).toBe('{"a":"1"}');
    } finally {
      delete proto.injected;
    }
  });
});

describe('bareRecord', () => {
  it('behaves as a null-prototype map for any keys: lookups, membership, order and JSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyKey, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 12 }),
        anyKey,
        (entries, probe) => {
          const map = Object.create(null) as Record<string, string>;
          const bare = bareRecord<string>();
          for (const [key, value] of entries) {
            map[key] = value;
            bare[key] = value;
          }
          expect(Object.entries(bare)).toEqual(Object.entries(map));
          const keys: string[] = [];
          for (const key in bare) keys.push(key);
          expect(keys).toEqual(Object.keys(map));
          expect(JSON.stringify(bare)).toBe(JSON.stringify(map));
          expect(probe in bare).toBe(probe in map);
          expect(bare[probe]).toBe(map[probe]);
          expect(Object.hasOwn(bare, probe)).toBe(Object.hasOwn(map, probe));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('keeps `__proto__` an own entry and inherits nothing, even later', () => {
    const bare = bareRecord<string>();
    bare.__proto__ = 'p';
    expect(Object.keys(bare)).toEqual(['__proto__']);
    expect(isBareRecord(bare)).toBe(true);
    expect('toString' in bare || 'constructor' in bare).toBe(false);
    const prototype = Object.getPrototypeOf(bare) as object;
    expect(Object.isFrozen(prototype)).toBe(true);
    expect(Reflect.ownKeys(prototype)).toEqual([]);
    expect(Object.getPrototypeOf(prototype)).toBeNull();
    expect(() => {
      (prototype as Record<string, unknown>).polluted = true;
    }).toThrow(TypeError);
    expect(isBareRecord(Object.create(null) as object)).toBe(false);
    expect(isBareRecord({})).toBe(false);
  });
});
