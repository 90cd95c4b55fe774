// The repo's scripts run on Node.js 22 (.nvmrc), the LTS line the portal supports. On a machine whose
// Node is another major (CI machines have Node 20), the entry points fetch the exact Node 22 pinned
// in tools/node22 (the npm registry's node-linux-<arch> packages, integrity-checked by `npm ci`) into
// tools/node22/node_modules and re-run themselves under it. Built-ins only: this runs before any
// dependency is installed, on whatever Node the machine has.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './proc.mjs';

/** The Node.js major the scripts run on (.nvmrc); `DPRA_NODE=24` picks the pinned Node 24 instead. */
const wantedMajor = () => {
  const wanted = process.env.DPRA_NODE ?? readFileSync(path.join(repoRoot, '.nvmrc'), 'utf8').trim();
  if (!existsSync(path.join(repoRoot, 'tools', `node${wanted}`, 'package.json'))) {
    throw new Error(`No pinned Node.js ${wanted} (tools/node${wanted}/package.json; DPRA_NODE or .nvmrc)`);
  }
  return Number(wanted);
};

/**
 * Makes the current process run on the wanted Node.js major: returns when it already does
 * (after putting this Node first on PATH, so npm, npx and every child use it too), otherwise
 * installs the pinned binary, re-runs the current script under it and exits with its exit code.
 */
export async function ensureNodeRuntime() {
  const major = wantedMajor();
  if (Number(process.versions.node.split('.')[0]) === major) {
    useThisNodeForChildren();
    return;
  }
  const node = installPinnedNode(major);
  console.log(
    `» Node.js ${process.version} is not Node.js ${major}: re-running under ${node.version} (npm registry package ${node.packageName}, ${path.relative(repoRoot, node.bin)})`,
  );
  const child = spawn(node.bin, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
      DPRA_STARTED_AT: String(Math.round(performance.timeOrigin)),
    },
  });
  // A supervisor (CI, a terminal) may signal only this process: pass it on, then exit as the child does.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise(resolve => {
    child.on('exit', (c, signal) => resolve(c ?? 128 + (os.constants.signals[signal] ?? 0)));
    child.on('error', e => {
      console.error(`Could not start ${node.bin}: ${e.message}`);
      resolve(127);
    });
  });
  process.exit(code);
}

/**
 * Installs (once) the Node.js binary pinned in tools/node<major> for this platform.
 * @returns {{ bin: string, version: string, packageName: string }}
 */
function installPinnedNode(major) {
  const dir = path.join(repoRoot, 'tools', `node${major}`);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const packageName = `node-${process.platform}-${process.arch}`;
  const pinned = manifest.optionalDependencies?.[packageName];
  if (!pinned) {
    throw new Error(
      `No Node.js ${major} binary is pinned for ${process.platform}-${process.arch} (tools/node${major}/package.json): ` +
        `install Node.js ${major} (see .nvmrc) and run this command with it`,
    );
  }
  const pkgDir = path.join(dir, 'node_modules', packageName);
  const bin = path.join(pkgDir, 'bin', 'node');
  const installedVersion = () => {
    try {
      return JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  if (installedVersion() !== pinned || !existsSync(bin)) {
    console.log(`» Fetching Node.js ${pinned} (${packageName}) from the npm registry into tools/node${major} …`);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (r.status !== 0 || installedVersion() !== pinned || !existsSync(bin)) {
      throw new Error(`Could not install ${packageName}@${pinned} into tools/node${major} (npm ci exit ${r.status})`);
    }
  }
  return { bin, version: `v${pinned}`, packageName };
}

/**
 * Puts the running Node first on PATH and points node-gyp at its own headers: native addons
 * (better-sqlite3) are compiled from source here, and a user npmrc's `nodedir` may name another
 * Node's headers (a module built against them fails to load with a NODE_MODULE_VERSION error).
 */
function useThisNodeForChildren() {
  const bin = realpathSync(process.execPath);
  const binDir = path.dirname(bin);
  const entries = (process.env.PATH ?? '').split(path.delimiter);
  if (entries[0] !== binDir) {
    process.env.PATH = [binDir, ...entries.filter(e => e !== binDir)].join(path.delimiter);
  }
  const nodedir = path.dirname(binDir);
  if (headersVersion(nodedir) === process.versions.node) {
    process.env.npm_config_nodedir = nodedir;
  }
}

/** The Node.js version whose C++ headers live under `<nodedir>/include/node`, if any. */
function headersVersion(nodedir) {
  const file = path.join(nodedir, 'include', 'node', 'node_version.h');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const part = name => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  return [part('MAJOR'), part('MINOR'), part('PATCH')].join('.');
}
