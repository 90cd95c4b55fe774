module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // src/testing/ holds test-only helpers (the repository's one name for them). Backstage's
      // lint knows only __testUtils__ as test-only, so give src/testing the rules of test files:
      // it may import devDependencies and use __dirname.
      files: ['src/testing/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'no-restricted-syntax': 'off',
      },
    },
  ],
});
