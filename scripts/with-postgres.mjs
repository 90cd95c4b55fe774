#!/usr/bin/env node
// Runs a command with a throwaway PostgreSQL: `node scripts/with-postgres.mjs npx backstage-cli package test`
// sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING for TestDatabases, then cleans up.
import { ensureInstalled } from './lib/install.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { run } from './lib/proc.mjs';
import { ensurePostgresBinaries } from './lib/system.mjs';
import { startThrowawayPostgres } from './lib/postgres.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args...]');
  process.exit(2);
}
// node_modules' native addons are built for Node.js 22: the command must run on it too.
await ensureNodeRuntime();
await ensureInstalled();
const bindir = await ensurePostgresBinaries();
if (!bindir) {
  console.error('No PostgreSQL server binaries found (install Debian package postgresql)');
  process.exit(1);
}
const pg = await startThrowawayPostgres(bindir);
process.on('exit', () => pg.stop());
const code = await run(cmd, args, {
  cwd: process.cwd(),
  env: {
    BACKSTAGE_TEST_DISABLE_DOCKER: '1',
    [`BACKSTAGE_TEST_DATABASE_POSTGRES${pg.major}_CONNECTION_STRING`]: pg.connectionString,
  },
});
process.exit(code);
