import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { ownCharacters } from './own-characters';

describe('ownCharacters', () => {
  it('gives back the same text, for any text (lone surrogates, pairs split at the join, NUL)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(40), (text, cut) => {
        // Slices, as a parser makes them, and the text itself.
        const view = text.slice(Math.min(cut, text.length));
        expect(ownCharacters(view)).toBe(view);
        expect(ownCharacters(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('copies a view into a longer string into a flat string of its own (what V8 reports)', () => {
    // V8's own view of the strings, from a child process allowed its natives syntax: a substring
    // of 13 characters or more is SLICED; ownCharacters' result must be a SEQ(uential) string.
    const script = `
      const { ownCharacters } = require(${JSON.stringify(join(__dirname, 'own-characters.ts'))});
      const url = '/c/key?clickid=' + 'Cj0KCQiA-external-id-' + process.pid + '&zone=12';
      const view = url.slice(url.indexOf('=') + 1, url.indexOf('&'));
      %DebugPrint(view);
      %DebugPrint(ownCharacters(view));
      %DebugPrint(ownCharacters(view.slice(0, 12)));
    `;
    const printed = execFileSync(
      process.execPath,
      ['--allow-natives-syntax', '-r', 'ts-node/register/transpile-only', '-e', script],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const types = [...printed.matchAll(/- type: (\w+)/g)].map((match) => match[1]);
    expect(types).toEqual([
      'SLICED_ONE_BYTE_STRING_TYPE',
      'SEQ_ONE_BYTE_STRING_TYPE',
      // Shorter ones V8 copies itself; they are returned as they are.
      'SEQ_ONE_BYTE_STRING_TYPE',
    ]);
  });
});
