// jest globalSetup entry: it runs outside jest's module mapper, so resolve our aliases first.
require('../../../infra/node/path-aliases').registerPathAliases('source');
module.exports = require('./infrastructure-setup').default;
