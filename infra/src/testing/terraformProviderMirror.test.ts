import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STACKS_PACKAGE_DIR } from './exampleSpecs';
import { mirrorOnlyCliConfig } from './terraform';
import { findTerraformProviderMirror } from './terraformProviderMirror';

/*
 * The library's mirror finder, case by case in a scratch home directory, and the test script's
 * finder (scripts/lib/system.mjs, plain Node) given the same environment: both must agree.
 */

const SYSTEM_MJS = resolve(STACKS_PACKAGE_DIR, '../scripts/lib/system.mjs');

/** What scripts/lib/system.mjs finds with `env` (HOME included), run as the test script runs it. */
function scriptFinds(env: NodeJS.ProcessEnv): string | undefined {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { configuredTerraformProviderMirror } from ${JSON.stringify(
        SYSTEM_MJS,
      )}; process.stdout.write(JSON.stringify(configuredTerraformProviderMirror() ?? null));`,
    ],
    { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) ?? undefined;
}

describe('findTerraformProviderMirror', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;

  /** A directory that is a mirror holding hashicorp/aws. */
  function mirror(dir: string): string {
    mkdirSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), {
      recursive: true,
    });
    return dir;
  }

  /** What the library and the test script each find in the scratch environment. */
  function bothFind() {
    return {
      library: findTerraformProviderMirror({ env, home, platform: 'linux' })
        ?.dir,
      script: scriptFinds(env),
    };
  }
  const found = (dir: string | undefined) => ({ library: dir, script: dir });

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'dpra-mirror-home-'));
    // Only the scratch home: no real CLI config, XDG directory or system folder takes part.
    env = {
      HOME: home,
      XDG_DATA_DIRS: join(home, 'xdg-data-dirs'),
    };
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('GIVEN nothing configured THEN neither finds a mirror', () => {
    expect(bothFind()).toEqual(found(undefined));
  });

  it('GIVEN DPRA_TF_PROVIDER_MIRROR THEN it wins over every other source', () => {
    const named = mirror(join(home, 'named'));
    mirror(join(home, '.terraform.d', 'plugins'));
    env.TF_PLUGIN_CACHE_DIR = mirror(join(home, 'cache'));
    env.DPRA_TF_PROVIDER_MIRROR = named;
    expect(bothFind()).toEqual(found(named));
  });

  it('GIVEN DPRA_TF_PROVIDER_MIRROR without hashicorp/aws THEN there is no mirror, even if another source has one', () => {
    env.DPRA_TF_PROVIDER_MIRROR = join(home, 'empty');
    mirror(join(home, '.terraform.d', 'plugins'));
    expect(bothFind()).toEqual(found(undefined));
  });

  it('GIVEN TF_CLI_CONFIG_FILE with a filesystem_mirror THEN its path is found (comments and $VARs read as terraform does)', () => {
    const dir = mirror(join(home, 'from-config'));
    const config = join(home, 'custom.tfrc');
    writeFileSync(
      config,
      `# filesystem_mirror { path = "/nowhere" }\n${mirrorOnlyCliConfig(
        '$HOME/from-config',
      )}`,
    );
    env.TF_CLI_CONFIG_FILE = config;
    env.TF_PLUGIN_CACHE_DIR = mirror(join(home, 'cache'));
    expect(bothFind()).toEqual(found(dir));
  });

  it('GIVEN ~/.terraformrc with plugin_cache_dir THEN the cache is found', () => {
    const dir = mirror(join(home, '.terraform.d', 'plugin-cache'));
    writeFileSync(
      join(home, '.terraformrc'),
      'plugin_cache_dir = "${HOME}/.terraform.d/plugin-cache"\ndisable_checkpoint = true\n',
    );
    expect(bothFind()).toEqual(found(dir));
  });

  it('GIVEN TF_PLUGIN_CACHE_DIR THEN it is found before the implied directories', () => {
    const dir = mirror(join(home, 'cache'));
    mirror(join(home, '.terraform.d', 'plugins'));
    env.TF_PLUGIN_CACHE_DIR = dir;
    expect(bothFind()).toEqual(found(dir));
  });

  it.each([
    ['~/.terraform.d/plugins', ['.terraform.d', 'plugins']],
    [
      '~/.local/share/terraform/plugins',
      ['.local', 'share', 'terraform', 'plugins'],
    ],
    [
      '<XDG_DATA_DIRS>/terraform/plugins',
      ['xdg-data-dirs', 'terraform', 'plugins'],
    ],
  ])(
    'GIVEN a mirror in the implied directory %s THEN it is found',
    (_label, parts) => {
      expect(bothFind()).toEqual(found(undefined));
      const dir = mirror(join(home, ...parts));
      expect(bothFind()).toEqual(found(dir));
    },
  );

  it('GIVEN XDG_DATA_HOME THEN its terraform/plugins replaces ~/.local/share', () => {
    mirror(join(home, '.local', 'share', 'terraform', 'plugins'));
    env.XDG_DATA_HOME = join(home, 'data');
    expect(bothFind()).toEqual(found(undefined));
    const dir = mirror(join(home, 'data', 'terraform', 'plugins'));
    expect(bothFind()).toEqual(found(dir));
  });
});
