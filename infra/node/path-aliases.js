// Resolves our `@clickledger/*` path aliases (tsconfig.base.json) outside TypeScript's compiler:
// to compiled files under dist/ when running built code, or to the .ts sources where a
// TypeScript loader is active (jest's globalSetup, which gets no moduleNameMapper).
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const ROOT = path.resolve(__dirname, '../..');

/** @param {'dist' | 'source'} target */
function registerPathAliases(target) {
  const aliases = new Map(
    Object.entries(compilerOptions.paths).map(([alias, [file]]) => [
      alias,
      target === 'dist' ? path.join(ROOT, 'dist', file.replace(/\.ts$/, '.js')) : path.join(ROOT, file),
    ]),
  );
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveAlias(request, ...rest) {
    return resolve.call(this, aliases.get(request) ?? request, ...rest);
  };
}

module.exports = { registerPathAliases };
