module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Test helpers live in `src/testing/` (one name in every package of the repo). Like Backstage's
  // `__testUtils__`, which the shared config knows, they may use devDependencies, and only tests
  // (and the dev page and benchmarks outside `src/`) may import them.
  restrictedImportPatterns: ['**/testing', '**/testing/**'],
  overrides: [
    {
      files: ['src/**/testing/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'no-restricted-syntax': 'off',
        'no-restricted-imports': 'off',
      },
    },
  ],
});
