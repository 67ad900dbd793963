module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'source-postbacks:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  globalSetup: '../../libs/testing/src/global-setup.js',
  setupFilesAfterEnv: ['../../libs/testing/src/integration-setup.ts'],
};
