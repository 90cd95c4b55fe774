// Builds and packs the publishable workspace packages the way they are released, and checks each
// tarball as a consumer's package manager and TypeScript will see it. The release sequence is
// Backstage's (the cli's `package build` turns the root `tsc`'s dist-types into dist/*.d.ts and
// fails when they are missing; `npm pack` runs the packages' prepack, `backstage-cli package
// prepack`, which points main/types/exports at what dist holds):
//   npx tsc   →   npx backstage-cli package build (each package)   →   npm pack (each package)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import semver from 'semver';
import { packedManifest } from './local-registry.mjs';
import { repoRoot, run } from './proc.mjs';

/** The workspace packages that are published: every workspace whose package.json is not private. */
export function publishablePackages() {
  const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const dirs = root.workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => `${parent}/${e.name}`);
  });
  return dirs
    .filter(dir => existsSync(path.join(repoRoot, dir, 'package.json')))
    .map(dir => ({
      dir,
      manifest: JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')),
    }))
    .filter(p => p.manifest.private !== true)
    .map(p => ({ dir: p.dir, name: p.manifest.name, version: p.manifest.version }));
}

async function step(name, cmd, args, cwd) {
  const started = Date.now();
  const code = await run(cmd, args, { cwd });
  if (code !== 0) throw new Error(`${name} failed (exit ${code})`);
  console.log(`» ${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Builds every package (declarations first) and packs it into `outDir`; returns the tarballs'
 * paths in the order of `packages`.
 */
export async function buildAndPack(packages, outDir) {
  mkdirSync(outDir, { recursive: true });
  await step('declarations (tsc → dist-types)', 'npx', ['tsc', '-p', 'tsconfig.json'], repoRoot);
  for (const p of packages) {
    await step(`build ${p.name}`, 'npx', ['backstage-cli', 'package', 'build'], path.join(repoRoot, p.dir));
  }
  const tarballs = [];
  for (const p of packages) {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
      cwd: path.join(repoRoot, p.dir),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
    tarballs.push(path.join(outDir, path.basename(filename)));
    console.log(`» packed ${p.name} → ${path.basename(filename)}`);
  }
  return tarballs;
}

const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/** Every path a manifest points a consumer at: main, module, types, exports, typesVersions, bin. */
function entryTargets(manifest) {
  const targets = [];
  const walk = (where, value) => {
    if (typeof value === 'string') targets.push([where, value]);
    else if (value && typeof value === 'object') {
      // exports' `backstage` key is the cli's feature metadata (e.g. @backstage/FrontendPlugin).
      for (const [k, v] of Object.entries(value)) if (k !== 'backstage') walk(`${where}.${k}`, v);
    }
  };
  for (const field of ['main', 'module', 'types', 'typings', 'exports', 'typesVersions', 'configSchema']) {
    if (manifest[field] !== undefined) walk(field, manifest[field]);
  }
  if (typeof manifest.bin === 'string') targets.push(['bin', manifest.bin]);
  else walk('bin', manifest.bin);
  return targets;
}

/** The module specifiers a built file imports or requires. */
function specifiers(text) {
  const found = new Set();
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const [, s] of text.matchAll(re)) found.add(s);
  return [...found];
}

const packageName = specifier =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

/**
 * Checks one tarball as its consumers see it; returns every problem as `file: reason`.
 * @param {string} tarball
 * @param {Map<string, string>} packed name → version of every tarball of this release
 */
export function checkTarball(tarball, packed) {
  const manifest = packedManifest(tarball);
  const files = new Set(
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(f => f.replace(/^package\//, '')),
  );
  const problems = [];
  const at = (where, reason) => problems.push(`${manifest.name} ${where}: ${reason}`);
  const has = target => {
    const rel = path.posix.normalize(target.replace(/^\.\//, ''));
    if (rel.includes('*')) {
      const [head, tail] = rel.split('*');
      return [...files].some(f => f.startsWith(head) && f.endsWith(tail));
    }
    return files.has(rel) || [...files].some(f => f.startsWith(`${rel}/`));
  };

  for (const [where, target] of entryTargets(manifest)) {
    if (/(^|\/)src\//.test(target) || /\.tsx?$/.test(target) && !target.endsWith('.d.ts')) {
      at(where, `points at source (${target}), not at dist`);
    } else if (!has(target)) at(where, `${target} is not in the tarball`);
  }
  if (!manifest.types || !has(manifest.types)) at('types', 'no type declarations');
  if (!['.', './package.json'].every(k => !manifest.exports || k in manifest.exports)) {
    at('exports', 'has no "." or "./package.json" entry');
  }
  if ([...files].some(f => f.startsWith('src/'))) at('files', 'carries src/');
  for (const field of DEP_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|file|link|portal):/.test(range)) {
        at(`${field}.${dep}`, `${range} exists only in this repository`);
      } else if (packed.has(dep) && !semver.satisfies(packed.get(dep), range)) {
        at(`${field}.${dep}`, `${range} does not include the version released with it (${packed.get(dep)})`);
      } else if (!packed.has(dep) && dep.startsWith('@dpra/')) {
        at(`${field}.${dep}`, 'is not one of the published packages');
      }
    }
  }

  // What the built files load must be in the tarball, a declared dependency, or Node's own.
  const declared = new Set(DEP_FIELDS.flatMap(f => Object.keys(manifest[f] ?? {})));
  const text = f =>
    execFileSync('tar', ['-xzOf', tarball, `package/${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (const file of files) {
    if (!/\.(c|m)?js$|\.d\.ts$/.test(file) || !(file.startsWith('dist/') || file.startsWith('bin/'))) continue;
    const body = text(file);
    for (const s of specifiers(body)) {
      if (s.startsWith('.')) {
        const resolved = path.posix.join(path.posix.dirname(file), s);
        const candidates = [resolved, `${resolved}.js`, `${resolved}.cjs.js`, `${resolved}.esm.js`, `${resolved}.d.ts`, `${resolved}/index.js`];
        // A declaration's `./x.js` is TypeScript's name for ./x.d.ts.
        if (file.endsWith('.d.ts')) candidates.push(resolved.replace(/\.js$/, '.d.ts'));
        if (!candidates.some(c => files.has(c))) at(file, `loads ${s}, which the tarball lacks`);
      } else if (
        !s.startsWith('node:') &&
        !builtinModules.includes(packageName(s)) &&
        packageName(s) !== manifest.name &&
        !declared.has(packageName(s)) &&
        !/\.(css|svg|png)$/.test(s)
      ) {
        at(file, `loads ${packageName(s)}, which is not a dependency`);
      }
    }
    if (/dist-types|\/src\/[^'"\s]*\.tsx?['"]/.test(body) && file.endsWith('.d.ts')) {
      at(file, 'refers to dist-types or src paths of this repository');
    }
  }
  return problems;
}
