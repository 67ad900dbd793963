import fc from 'fast-check';
import { plainRecord } from './plain-record';

/** Keys a client may choose, the ones an ordinary object treats specially among them. */
const anyKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
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
