module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'click',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
