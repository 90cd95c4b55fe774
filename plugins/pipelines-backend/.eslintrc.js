module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Test helpers live in `testing/` folders (one name in every package of the repo). Like
  // Backstage's `__testUtils__`, which the shared config knows, they may use devDependencies and
  // `__dirname`, and only tests may import them.
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
