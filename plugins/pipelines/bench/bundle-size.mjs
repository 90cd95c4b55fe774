#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * The plugin's bundle size (not a test): builds the package with `backstage-cli package build`
 * (dependencies stay external, as an app bundles them once) and prints raw and gzip sizes of the
 * emitted JavaScript, total and per entry/chunk.
 *
 * Usage: node bench/bundle-size.mjs [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
if (!process.argv.includes('--no-build')) {
  execFileSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}

function* jsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (name.endsWith('.js')) yield path;
  }
}

const dist = join(packageDir, 'dist');
let raw = 0;
let gzip = 0;
const rows = [];
for (const file of jsFiles(dist)) {
  const content = readFileSync(file);
  const gz = gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzip += gz;
  rows.push({ file: relative(dist, file), raw: content.length, gzip: gz });
}
rows.sort((a, b) => b.gzip - a.gzip);
for (const row of rows.slice(0, 15)) {
  console.log(
    `${String(row.gzip).padStart(8)} B gz  ${String(row.raw).padStart(8)} B  ${
      row.file
    }`,
  );
}
console.log(
  `plugin bundle: ${rows.length} files, ${(raw / 1024).toFixed(1)} KiB raw, ${(
    gzip / 1024
  ).toFixed(1)} KiB gzip (dependencies external)`,
);
