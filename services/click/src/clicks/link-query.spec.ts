import fc from 'fast-check';
import { parse as parseQuery } from 'fast-querystring';
import { firstParsedValue, firstQueryValues } from './link-query';

/** What the Fastify entry reads: fast-querystring's object (Fastify's parser), first values. */
const viaFastify = (query: string, names: readonly string[]): (string | undefined)[] => {
  const parsed = parseQuery(query) as Record<string, unknown>;
  return names.map((name) => firstParsedValue(parsed, name));
};

describe('firstQueryValues', () => {
  it('reads the first value of each name, in the order asked', () => {
    expect(
      firstQueryValues('zone=7&clickid=abc&zone=8&cost=0.01', ['clickid', 'zone', 'cost', 'sub']),
    ).toEqual(['abc', '7', '0.01', undefined]);
  });

  it('reads a key without `=` as empty, and skips empty pairs', () => {
    expect(firstQueryValues('&&flag&zone=&x=1&', ['flag', 'zone', 'x'])).toEqual(['', '', '1']);
  });

  it('decodes `+` and percent escapes in keys and values as Fastify does, and keeps invalid escapes', () => {
    expect(
      firstQueryValues('sub%31=a+b%20c&k+1=%E2%82%AC&bad=%E2%82&eq=a=b', ['sub1', 'k 1', 'bad', 'eq']),
    ).toEqual(['a b c', '€', '%E2%82', 'a=b']);
  });

  it('matches whole keys only', () => {
    expect(firstQueryValues('clickidx=1&xclickid=2&clickid=3', ['clickid'])).toEqual(['3']);
  });

  it('gives what the Fastify entry gives for any query and any names', () => {
    // Characters that move the parser: separators, escapes (valid, invalid, multi-byte) and text.
    const piece = fc.constantFrom(
      'a',
      'b',
      'ab',
      '=',
      '&',
      '+',
      '%',
      '%2',
      '%20',
      '%41',
      '%E2%82%AC',
      '%ZZ',
      '%C3',
      'é',
      '\uD83D',
      '__proto__',
      'constructor',
    );
    const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));
    const name = fc.constantFrom(
      'a',
      'b',
      'ab',
      'a b',
      ' ',
      'A',
      'é',
      '€',
      '__proto__',
      'constructor',
      'toString',
    );
    fc.assert(
      fc.property(text, fc.uniqueArray(name, { maxLength: 6 }), (query, names) => {
        expect(firstQueryValues(query, names)).toEqual(viaFastify(query, names));
      }),
      { numRuns: 5000 },
    );
  });
});
