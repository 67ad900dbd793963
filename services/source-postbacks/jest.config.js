module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'source-postbacks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
