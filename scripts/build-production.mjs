#!/usr/bin/env node
// `npm run build:production`: the production build, on Node.js 22 (fetched when the machine has
// another Node), from the lockfile. It builds the app (packages/app/dist) and then the backend's
// production bundle (packages/backend/dist/skeleton.tar.gz + bundle.tar.gz), which carries the app
// as the package @backstage/plugin-app-backend serves. The Dockerfile consumes exactly these two
// archives (ADR 0007).
import path from 'node:path';
import { ensureInstalled } from './lib/install.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';
import { repoRoot, run } from './lib/proc.mjs';

await ensureNodeRuntime();
await ensureInstalled();

const steps = [
  ['app', 'npx', ['backstage-cli', 'package', 'build'], 'packages/app'],
  [
    'backend bundle',
    process.execPath,
    [path.join(repoRoot, 'scripts/lib/backend-bundle.cjs')],
    'packages/backend',
  ],
];
for (const [name, cmd, args, dir] of steps) {
  const started = Date.now();
  console.log(`\n━━ ${name} (${dir})`);
  const code = await run(cmd, args, { cwd: path.join(repoRoot, dir) });
  if (code !== 0) {
    console.error(`!! ${name} failed (exit ${code})`);
    process.exit(code);
  }
  console.log(`» ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.log(
  '\n» packages/backend/dist/skeleton.tar.gz and bundle.tar.gz are ready (see the Dockerfile)',
);
