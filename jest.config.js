// Every unit and integration project in one run: `npm test` runs this, so the summary covers all.
const fs = require('node:fs');
const path = require('node:path');

const roots = [
  ...['libs', 'libs/platform', 'services'].flatMap((dir) =>
    fs.readdirSync(path.join(__dirname, dir)).map((name) => path.join(__dirname, dir, name)),
  ),
  path.join(__dirname, 'e2e'),
];
const only = process.env.JEST_KIND; // 'unit' | 'integration' | undefined (both)
const files = [
  ...(only === 'integration' ? [] : ['jest.config.js']),
  ...(only === 'unit' ? [] : ['jest.integration.config.js']),
];

module.exports = {
  projects: roots
    .flatMap((root) => files.map((file) => path.join(root, file)))
    .filter((file) => fs.existsSync(file)),
};
