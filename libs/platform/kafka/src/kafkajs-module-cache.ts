import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Replaces one of kafkajs's internal modules in Node's module cache, so the kafkajs module that
 * requires it takes the replacement when it loads. Too late once that module has loaded (it holds
 * the original): kafka-client.ts, the only place that makes a client, imports the replacing
 * modules before kafkajs. Module paths are kafkajs 2.2.4's (pinned in package.json).
 *
 * Returns whether the replacement is what `requiredBy` gets in this process.
 */
export function replaceKafkajsModule(module: string, replacement: unknown, requiredBy: string): boolean {
  if (require.cache[require.resolve(requiredBy)] !== undefined) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads it into the cache, to replace it there
  require(module);
  const cached = require.cache[require.resolve(module)];
  if (cached === undefined) return false;
  cached.exports = replacement;
  return true;
}

/**
 * kafkajs's own module as its file defines it, whatever replaced it (the tests compare the two).
 * Its source is run afresh, its relative requires resolved from its folder: jest's module registry,
 * which tests require through, keeps serving a replacement even once its cache entry is deleted.
 */
export function originalKafkajsModule(module: string): unknown {
  const path = require.resolve(module);
  const loaded: { exports: unknown } = { exports: {} };
  const requireFromIt = (id: string): unknown =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module's own dependencies
    require(id.startsWith('.') ? resolve(dirname(path), id) : id);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a CommonJS module's body, from kafkajs's own file
  const body = new Function('require', 'module', 'exports', readFileSync(path, 'utf8')) as (
    ...args: unknown[]
  ) => void;
  body(requireFromIt, loaded, loaded.exports);
  return loaded.exports;
}
