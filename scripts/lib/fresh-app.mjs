// A fresh Backstage app from @backstage/create-app (the registry's latest), with our packages
// installed into it by the README's install section. create-app checks that `yarn` runs, and the
// app it writes pins Yarn 4 (`yarnPath: .yarn/releases/yarn-<v>.cjs`, shipped inside create-app):
// with no yarn on the machine, a `yarn` on PATH runs exactly that release — nothing else is fetched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { repoRoot, run } from './proc.mjs';
import { readInstallSteps } from './readme-install.mjs';

/** Runs a command in the fresh app (`cwd`), failing loudly with what ran. */
async function must(what, cmd, args, options) {
  const started = Date.now();
  console.log(`\n» ${what}: ${cmd} ${args.join(' ')}`);
  const code = await run(cmd, args, options);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${cmd} ${args.join(' ')}`);
  console.log(`» ${what}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Installs the registry's latest @backstage/create-app into `scratch` and creates an app with it
 * (no install: the README's `yarn add` commands install everything). Returns the app directory,
 * the create-app version and the environment that puts its Yarn on PATH.
 */
export async function createFreshApp(scratch) {
  const tool = path.join(scratch, 'create-app');
  // npm 11 does not create a missing --prefix directory (ENOENT on lstat).
  mkdirSync(tool, { recursive: true });
  await must('create-app (npm registry, latest)', 'npm', [
    'install', '--prefix', tool, '--no-audit', '--no-fund', '--no-save', '@backstage/create-app@latest',
  ]);
  const pkgDir = path.join(tool, 'node_modules/@backstage/create-app');
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const releases = path.join(pkgDir, 'templates/default-app/.yarn/releases');
  const yarnRelease = readdirSync(releases).find(f => /^yarn-.*\.cjs$/.test(f));
  if (!yarnRelease) throw new Error(`create-app ${version} ships no Yarn release in ${releases}`);
  const bin = path.join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(releases, yarnRelease)}" "$@"\n`,
    { mode: 0o755 },
  );
  const env = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    BACKSTAGE_APP_NAME: 'dpra-fresh-app',
    // better-sqlite3 compiles from source here (no prebuilt download): against this Node's headers.
    npm_config_nodedir: process.env.npm_config_nodedir,
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: '0',
  };
  const appDir = path.join(scratch, 'app');
  await must(`create-app ${version}`, path.join(pkgDir, 'bin/backstage-create-app'), ['--path', appDir, '--skip-install'], {
    cwd: scratch,
    env,
  });
  // The seed (GitHub) is a full lockfile; the template's own yarn.lock is a stub of a few lines.
  const seedFetched = readFileSync(path.join(appDir, 'yarn.lock'), 'utf8').split('\n').length > 100;
  return { appDir, version, yarn: yarnRelease.replace(/^yarn-|\.cjs$/g, ''), env, seedFetched };
}

/**
 * Points the app's Yarn at `registryUrl` for the @dpra scope — a consumer installing from a
 * private registry does the same — and forgets earlier runs' @dpra archives in Yarn's global
 * cache, so what is installed is this run's tarballs.
 */
export function useScopeRegistry(app, registryUrl) {
  const file = path.join(app.appDir, '.yarnrc.yml');
  const rc = yaml.parse(readFileSync(file, 'utf8'));
  rc.npmScopes = { ...rc.npmScopes, dpra: { npmRegistryServer: registryUrl } };
  rc.unsafeHttpWhitelist = [...(rc.unsafeHttpWhitelist ?? []), new URL(registryUrl).hostname];
  writeFileSync(file, yaml.stringify(rc));
  const yarnConfig = key =>
    execFileSync(process.execPath, [yarnPath(app), 'config', 'get', key], {
      cwd: app.appDir,
      env: { ...process.env, ...app.env },
      encoding: 'utf8',
    }).trim();
  const cache = yarnConfig('cacheFolder');
  if (existsSync(cache)) {
    for (const f of readdirSync(cache)) if (f.startsWith('@dpra-')) rmSync(path.join(cache, f));
  }
  // Yarn keeps packuments per registry host, not per port: an earlier run's (other port) would
  // send it to a registry that is gone.
  const metadata = path.join(yarnConfig('globalFolder'), 'metadata', 'npm');
  if (existsSync(metadata)) {
    for (const registry of readdirSync(metadata)) {
      rmSync(path.join(metadata, registry, new URL(registryUrl).hostname), { recursive: true, force: true });
    }
  }
}

/**
 * create-app writes caret ranges and fetches a seed yarn.lock from GitHub that pins a consistent
 * set of Backstage releases. Where GitHub is out of reach (our CI), the newest releases resolve
 * instead, and the template's `@backstage/backend-defaults` range then lacks what the newest
 * plugin backends call (plugin-signals-backend 0.3.21: httpRouter.addWebSocketHandler, from
 * backend-defaults 0.19). Without the seed, align it with the release line our portal runs — what
 * `backstage-cli versions:bump` would do, which needs the same unreachable release manifest.
 */
export async function alignWithoutSeedLock(app, seedFetched) {
  if (seedFetched) return;
  const ours = JSON.parse(readFileSync(path.join(repoRoot, 'packages/backend/package.json'), 'utf8'));
  const range = ours.dependencies['@backstage/backend-defaults'];
  await must('no seed yarn.lock: align backend-defaults', 'yarn', [
    '--cwd', 'packages/backend', 'add', `@backstage/backend-defaults@${range}`,
  ], { cwd: app.appDir, env: app.env });
}

function yarnPath(app) {
  return path.join(app.appDir, '.yarn/releases', `yarn-${app.yarn}.cjs`);
}

/**
 * Follows the README's install section in the app: its shell commands as written, the backend
 * lines into packages/backend/src/index.ts, the new frontend system's import and feature into
 * packages/app/src/App.tsx, and its annotations on the app's example component (`arnAccount`
 * replaces the README's example account, so the ARN names a pipeline the local AWS endpoint has).
 */
export async function followReadmeInstall(app, { exampleAccount, arnAccount }) {
  const steps = readInstallSteps();
  // The README's .yarnrc.yml settings first (its lists are merged into the app's).
  const rcFile = path.join(app.appDir, '.yarnrc.yml');
  const rc = yaml.parse(readFileSync(rcFile, 'utf8'));
  for (const block of steps.yarnrc) {
    for (const [key, value] of Object.entries(yaml.parse(block))) {
      rc[key] = Array.isArray(value) ? [...new Set([...(rc[key] ?? []), ...value])] : value;
    }
  }
  writeFileSync(rcFile, yaml.stringify(rc));
  for (const line of steps.shell) {
    await must('README', 'sh', ['-c', line], { cwd: app.appDir, env: app.env });
  }

  const backendFile = path.join(app.appDir, 'packages/backend/src/index.ts');
  const backend = readFileSync(backendFile, 'utf8');
  if (!backend.includes('backend.start();')) throw new Error(`${backendFile}: no backend.start()`);
  writeFileSync(backendFile, backend.replace('backend.start();', `${steps.backend.join('\n')}\n\nbackend.start();`));

  const appFile = path.join(app.appDir, 'packages/app/src/App.tsx');
  let appTsx = readFileSync(appFile, 'utf8');
  const imports = steps.frontend.split('\n').filter(l => l.startsWith('import '));
  const feature = steps.frontend.match(/features:\s*\[[^\]]*?(\w+)\s*,?\s*\]/)?.[1];
  if (!imports.length || !feature) {
    throw new Error('README install section: the new frontend system block has no import or no feature in features: [...]');
  }
  const lastImport = appTsx.lastIndexOf('\nimport ');
  const afterImports = appTsx.indexOf('\n', appTsx.indexOf(';', lastImport)) + 1;
  appTsx = `${appTsx.slice(0, afterImports)}${imports.join('\n')}\n${appTsx.slice(afterImports)}`;
  if (!/features:\s*\[/.test(appTsx)) throw new Error(`${appFile}: no features: [...]`);
  appTsx = appTsx.replace(/features:\s*\[([^\]]*)\]/, (_, list) => `features: [${list.trim().replace(/,$/, '')}, ${feature}]`);
  writeFileSync(appFile, appTsx);

  const annotations = yaml.parse(steps.annotations.replaceAll(exampleAccount, arnAccount)).metadata.annotations;
  const entitiesFile = path.join(app.appDir, 'examples/entities.yaml');
  const docs = yaml.parseAllDocuments(readFileSync(entitiesFile, 'utf8'));
  const component = docs.find(d => d.get('kind') === 'Component');
  if (!component) throw new Error(`${entitiesFile}: no Component to annotate`);
  component.setIn(['metadata', 'annotations'], annotations);
  writeFileSync(entitiesFile, docs.map(d => d.toString()).join(''));
  return { entity: `component:default/${component.getIn(['metadata', 'name'])}`, annotations };
}

/** `yarn tsc` in the app, then `yarn start` is the caller's (it runs in the background). */
export async function typeCheck(app) {
  await must('yarn tsc', 'yarn', ['tsc'], { cwd: app.appDir, env: app.env });
}
