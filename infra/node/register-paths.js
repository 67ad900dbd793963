// Preload for built code: `node -r ./infra/node/register-paths.js dist/...`.
require('./path-aliases').registerPathAliases('dist');
