// Builds packages/backend/dist/{skeleton,bundle}.tar.gz the way `backstage-cli package build` does
// for a backend (cli 0.36.8, @backstage/cli-module-build 0.1.10: lib/buildBackend), with one
// difference: the dist workspace gets the root package-lock.json instead of yarn.lock, which that
// command copies unconditionally and which an npm workspace does not have (ADR 0007). It drives the
// cli's own packager, so the bundle's contents are what Backstage builds; the internal modules are
// pinned by the exact cli version in the lockfile, and this fails loudly if they move.
// Run with the backend package as the working directory (the cli resolves its paths from there).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cliBuildDir = path.dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [require.resolve('@backstage/cli/package.json')],
  }),
);
const internal = rel => require(path.join(cliBuildDir, 'dist/lib', rel));
const { createDistWorkspace } = internal('packager/createDistWorkspace.cjs.js');
const { buildPackage } = internal('builder/packager.cjs.js');
const { Output } = internal('builder/types.cjs.js');
const { PackageGraph } = require(require.resolve('@backstage/cli-node', {
  paths: [cliBuildDir],
}));
const tar = require(require.resolve('tar', { paths: [cliBuildDir] }));

const SKELETON_FILE = 'skeleton.tar.gz';
const BUNDLE_FILE = 'bundle.tar.gz';

async function main() {
  const targetDir = process.cwd();
  const pkg = JSON.parse(
    fs.readFileSync(path.join(targetDir, 'package.json'), 'utf8'),
  );
  if (pkg.backstage?.role !== 'backend') {
    throw new Error(
      `${targetDir} is not a backend package (backstage.role: ${pkg.backstage?.role})`,
    );
  }
  await buildPackage({
    targetDir,
    packageJson: pkg,
    outputs: new Set([Output.cjs]),
    minify: false,
    workspacePackages: await PackageGraph.listTargetPackages(),
  });
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-backend-bundle-'));
  try {
    await createDistWorkspace([pkg.name], {
      targetDir: tmpDir,
      buildDependencies: true,
      // The backend itself was built above; the app it serves is built first by the caller.
      buildExcludes: [pkg.name, 'app'],
      skeleton: SKELETON_FILE,
      files: ['package.json', 'package-lock.json', '.npmrc'],
    });
    const distDir = path.join(targetDir, 'dist');
    fs.rmSync(distDir, { recursive: true, force: true });
    fs.mkdirSync(distDir);
    fs.renameSync(
      path.join(tmpDir, SKELETON_FILE),
      path.join(distDir, SKELETON_FILE),
    );
    await tar.create(
      {
        file: path.join(distDir, BUNDLE_FILE),
        cwd: tmpDir,
        portable: true,
        noMtime: true,
        gzip: true,
      },
      [''],
    );
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
