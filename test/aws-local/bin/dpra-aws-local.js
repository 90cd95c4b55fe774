#!/usr/bin/env node
/* eslint-disable */
// Runs from the TypeScript sources through Backstage's node transform hook (the package is
// private to this repository and never built).
const path = require('node:path');

let hook;
try {
  hook = require.resolve('@backstage/cli/config/nodeTransform.cjs');
} catch {
  process.stderr.write(
    'dpra-aws-local: needs @backstage/cli (config/nodeTransform.cjs); run `npm ci` at the repository root\n',
  );
  process.exit(2);
}
require(hook);
require(path.resolve(__dirname, '..', 'src', 'main.ts'));
