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
    // V8's own view of the strings, from a child process allowed its natives syntax: a string has
    // the same hidden class (map) as a flat one made by JSON.parse, or as a substring of 13
    // characters or more, a view.
    const script = `
      const { ownCharacters } = require(${JSON.stringify(join(__dirname, 'own-characters.ts'))});
      const { cutText } = require(${JSON.stringify(join(__dirname, 'well-formed-text.ts'))});
      const { ownStorableText } = require(${JSON.stringify(join(__dirname, 'storable-text.ts'))});
      const url = '/c/key?clickid=' + 'Cj0KCQiA-external-id-' + process.pid + '&zone=12';
      const view = url.slice(url.indexOf('=') + 1, url.indexOf('&'));
      const flat = JSON.parse(JSON.stringify(view));
      const short = url.slice(1, 13);
      console.log(JSON.stringify([
        %HaveSameMap(view, url.slice(2, 40)),
        %HaveSameMap(view, flat),
        %HaveSameMap(ownCharacters(view), flat),
        ownCharacters(view) === view,
        %HaveSameMap(ownCharacters(short), flat),
        %HaveSameMap(cutText(url, 20), flat),
        %HaveSameMap(ownStorableText(view, 255), flat),
      ]));
    `;
    const printed = execFileSync(
      process.execPath,
      ['--allow-natives-syntax', '-r', 'ts-node/register/transpile-only', '-e', script],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const [viewIsView, viewIsFlat, ownIsFlat, sameText, shortIsFlat, cutIsFlat, storableIsFlat] = JSON.parse(
      printed,
    ) as boolean[];
    expect({ viewIsView, viewIsFlat }).toEqual({ viewIsView: true, viewIsFlat: false });
    expect({ ownIsFlat, sameText }).toEqual({ ownIsFlat: true, sameText: true });
    // Shorter ones V8 copies itself; they are returned as they are.
    expect(shortIsFlat).toBe(true);
    // What cutText cuts is a copy too.
    expect(cutIsFlat).toBe(true);
    // And what ownStorableText keeps whole.
    expect(storableIsFlat).toBe(true);
    // A child process that loads ts-node: seconds on a loaded CI machine.
  }, 30_000);
});
