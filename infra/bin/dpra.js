#!/usr/bin/env node
/* eslint-disable */
// `dpra` works on a fresh clone without a build: when the TypeScript sources are present they are
// loaded through Backstage's node transform hook; a published package runs the built dist.
const fs = require('node:fs');
const path = require('node:path');

function loadCli() {
  const src = path.resolve(__dirname, '..', 'src');
  if (fs.existsSync(path.join(src, 'cli.ts'))) {
    let hook;
    try {
      hook = require.resolve('@backstage/cli/config/nodeTransform.cjs');
    } catch {
      process.stderr.write(
        'dpra: running from source needs @backstage/cli (config/nodeTransform.cjs); run `npm install` at the repository root\n',
      );
      process.exit(2);
    }
    require(hook);
    return require(path.join(src, 'cli.ts'));
  }
  return require(path.resolve(__dirname, '..', 'dist', 'index.cjs.js'));
}

// `dpra schema | head` closes the pipe early: that is not an error.
process.stdout.on('error', error => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

loadCli()
  .runCli(process.argv.slice(2))
  .then(code => {
    process.exitCode = code;
  });
