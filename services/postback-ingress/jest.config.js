module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'postback-ingress',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
