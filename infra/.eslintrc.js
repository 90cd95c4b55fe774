module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // cdktf constructs register themselves with their scope: `new X(scope, id, props)` for its
    // side effect is the construct programming model, not a mistake.
    'no-new': 'off',
  },
});
