// The whole system through HTTP: the four built services run as processes of their own.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  globalSetup: '../libs/testing/src/global-setup.js',
  setupFilesAfterEnv: ['../libs/testing/src/integration-setup.ts'],
};
