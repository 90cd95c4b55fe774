import fs from 'node:fs';
import path from 'node:path';

// The contract sits between two worlds that must never meet at run time: the generator
// (@dpra/stacks, cdktf) and the portal's backend (Backstage). Both import this package; neither
// may pull in the other's stack. This walks what npm installs for a package in production
// (dependencies, optional and peer dependencies, transitively — not devDependencies) from the
// package's own folder, as Node resolves them.

const repoRoot = path.resolve(__dirname, '../..');

function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return fs.realpathSync(candidate);
    }
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** Every package name in the production dependency closure of the package in `dir`. */
function productionClosure(dir: string): Set<string> {
  const seen = new Set<string>();
  const visitedDirs = new Set<string>();
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (visitedDirs.has(current)) continue;
    visitedDirs.add(current);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(current, 'package.json'), 'utf8'),
    );
    for (const name of Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    })) {
      const found = findPackageDir(name, current);
      seen.add(name);
      // An optional or peer dependency that is not installed is not reached.
      if (found) queue.push(found);
    }
  }
  return seen;
}

describe('package boundaries of the generator<->portal contract', () => {
  it('the contract itself has no runtime dependencies', () => {
    expect([...productionClosure(path.join(repoRoot, 'contract'))]).toEqual([]);
  });

  it.each([
    'plugins/pipelines-backend',
    'plugins/pipelines-common',
    'plugins/pipelines',
  ])('%s never reaches cdktf', packageDir => {
    const closure = productionClosure(path.join(repoRoot, packageDir));
    expect(closure.has('@backstage/plugin-permission-common')).toBe(true);
    expect(
      [...closure].filter(
        name =>
          name === 'cdktf' ||
          name.startsWith('@cdktf/') ||
          name === '@dpra/stacks',
      ),
    ).toEqual([]);
  });

  it('the backend reads the names through the contract', () => {
    const closure = productionClosure(
      path.join(repoRoot, 'plugins/pipelines-backend'),
    );
    expect(closure.has('@dpra/pipeline-contract')).toBe(true);
  });

  it('the generator (@dpra/stacks) never reaches Backstage', () => {
    const closure = productionClosure(path.join(repoRoot, 'infra'));
    expect(closure.has('cdktf')).toBe(true);
    expect([...closure].filter(name => name.startsWith('@backstage/'))).toEqual(
      [],
    );
  });
});
