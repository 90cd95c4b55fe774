// Installs the workspace's npm dependencies exactly as package-lock.json lists them (`npm ci`), and
// only when needed. node_modules/.dpra-install.json records what the tree was installed from: the
// lockfile's hash (a changed lockfile means a fresh `npm ci`; file times say nothing after a git
// checkout) and the Node ABI the native addons were compiled for (another Node means `npm rebuild`).
// Built-ins only: this runs before anything is installed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, run } from './proc.mjs';

const lockfile = path.join(repoRoot, 'package-lock.json');
const marker = path.join(repoRoot, 'node_modules', '.dpra-install.json');

/** What node_modules must have been installed from to be used as it is. */
function wantedInstall() {
  return {
    lockfileSha256: createHash('sha256').update(readFileSync(lockfile)).digest('hex'),
    platform: `${process.platform}-${process.arch}`,
    // NODE_MODULE_VERSION: native addons (better-sqlite3) load only under the ABI they were built for.
    nodeAbi: process.versions.modules,
    node: process.version,
  };
}

function recordedInstall() {
  try {
    return JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Optional dependencies that package-lock.json does not list. npm drops other platforms' binaries
 * (rollup's, swc's, esbuild's…) when it writes the lockfile from an installed node_modules; `npm ci`
 * on those platforms then refuses the lockfile. Written with no node_modules present, it lists them all.
 */
function unlistedOptionalDependencies(lock) {
  const entries = lock.packages ?? {};
  const unlisted = [];
  for (const [location, entry] of Object.entries(entries)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      // Node's resolution: the package's own node_modules, then each enclosing one, then the root.
      let dir = location;
      let found = false;
      for (;;) {
        if (entries[dir ? `${dir}/node_modules/${dep}` : `node_modules/${dep}`]) {
          found = true;
          break;
        }
        if (!dir) break;
        const i = dir.lastIndexOf('/node_modules/');
        dir = i >= 0 ? dir.slice(0, i) : '';
      }
      if (!found) unlisted.push(`${location || '(root)'} → ${dep}`);
    }
  }
  return unlisted;
}

async function npm(args) {
  const started = Date.now();
  const code = await run('npm', [...args, '--no-audit', '--no-fund']);
  if (code !== 0) throw new Error(`npm ${args.join(' ')} failed with exit code ${code}`);
  return ((Date.now() - started) / 1000).toFixed(0);
}

/**
 * Installs the workspace dependencies with `npm ci` when node_modules was not installed from the
 * current lockfile on this platform (or DPRA_FORCE_INSTALL is set), and rebuilds the native addons
 * with `npm rebuild` when it was installed under another Node ABI.
 */
export async function ensureInstalled() {
  const wanted = wantedInstall();
  const recorded = recordedInstall();
  const sameTree =
    !process.env.DPRA_FORCE_INSTALL &&
    existsSync(path.join(repoRoot, 'node_modules')) &&
    recorded?.lockfileSha256 === wanted.lockfileSha256 &&
    recorded?.platform === wanted.platform;
  if (sameTree && recorded.nodeAbi === wanted.nodeAbi) return;
  if (sameTree) {
    console.log(
      `» node_modules was built for Node.js ${recorded.node} (ABI ${recorded.nodeAbi}): rebuilding its native addons for ${wanted.node} (npm rebuild) …`,
    );
    console.log(`» Rebuilt in ${await npm(['rebuild'])} s`);
  } else {
    const unlisted = unlistedOptionalDependencies(JSON.parse(readFileSync(lockfile, 'utf8')));
    if (unlisted.length) {
      throw new Error(
        `package-lock.json does not list ${unlisted.length} optional dependencies, so \`npm ci\` fails on the platforms that need them:\n  ${unlisted.join('\n  ')}\n` +
          'Regenerate it with no node_modules present: rm -rf node_modules infra/node_modules packages/*/node_modules plugins/*/node_modules test/*/node_modules && npm install --package-lock-only',
      );
    }
    console.log('» Installing dependencies exactly as package-lock.json lists them (npm ci) …');
    console.log(`» Installed in ${await npm(['ci'])} s`);
  }
  writeFileSync(marker, `${JSON.stringify(wanted, null, 2)}\n`);
}
