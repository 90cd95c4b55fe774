/*
 * The ESLint options every package shares for its test helpers: they live in `testing/` folders
 * (one name in every package of the repo). Like Backstage's `__testUtils__`, which the shared
 * config knows, they may use devDependencies and `__dirname`, and only tests (and, in the
 * frontend, the dev page and benchmarks outside `src/`) may import them.
 */
module.exports = {
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
};
