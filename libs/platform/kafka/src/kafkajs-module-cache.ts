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
