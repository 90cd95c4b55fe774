import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { writeCdktfProject } from './cdktfProject';
import { validateSpec } from './spec/validate';
import { HOSTILE_STRINGS, hostileAppSpec } from './testing/hostile';
import { minimalFleetSpec } from './testing/specs';

describe('writeCdktfProject', () => {
  // Inside the package so that main.ts resolves @dpra/stacks through the workspace link.
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(resolve(__dirname, '..'), '.tmp-project-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a spec WHEN the project is written THEN cdktf.json, main.ts, package.json and pipeline.yaml exist', async () => {
    const { files } = await writeCdktfProject(minimalFleetSpec(), { dir });
    expect(files.map(f => f.slice(dir.length + 1)).sort()).toEqual([
      'cdktf.json',
      'main.ts',
      'package.json',
      'pipeline.yaml',
      'tsconfig.json',
    ]);
    expect(
      JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')),
    ).toMatchObject({ language: 'typescript', app: 'npx ts-node main.ts' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toMatchObject({
      cdktf: '0.21.0',
      '@cdktf/provider-aws': '20.1.0',
    });
    // pipeline.yaml is the validated spec with defaults, and validates again.
    const written = parse(readFileSync(join(dir, 'pipeline.yaml'), 'utf8'));
    expect(written.spec.bake.firstWave).toBe('12h');
    expect(validateSpec(written).ok).toBe(true);
  });

  it('GIVEN hostile strings WHEN main.ts is written THEN its code is the fixed template and the spec is only data', async () => {
    await writeCdktfProject(hostileAppSpec(), { dir });
    const main = readFileSync(join(dir, 'main.ts'), 'utf8');
    const lines = main.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[4]).toMatch(/^const spec: unknown = JSON\.parse\(".*"\);$/);
    const embedded = JSON.parse(
      JSON.parse(
        lines[4].slice('const spec: unknown = JSON.parse('.length, -2),
      ),
    );
    expect(embedded.spec.build.commands).toEqual(HOSTILE_STRINGS);
  });

  it('GIVEN a written project WHEN main.ts runs THEN cdktf synthesizes the stacks', async () => {
    await writeCdktfProject(minimalFleetSpec(), { dir });
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'main.ts',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(
      existsSync(
        join(dir, 'cdktf.out', 'stacks', 'org-fleet-toolchain', 'cdk.tf.json'),
      ),
    ).toBe(true);
  }, 60_000);
});
