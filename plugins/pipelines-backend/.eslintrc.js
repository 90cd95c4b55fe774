const testingFolders = require('../../scripts/eslint-testing-folders');

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ...testingFolders,
  testRules: {
    // The fault matrix's cases share one assertion helper; it counts as an expect.
    'jest/expect-expect': [
      'warn',
      {
        assertFunctionNames: ['expect', 'expectFaultServedStaleAndRecovered'],
      },
    ],
  },
});
