// Finds (or, as root on Debian, installs) the system tools the suite needs: Chromium for the
// browser tests, jq for the generated findings import step, PostgreSQL server binaries for the PostgreSQL half of the database tests, and the
// Terraform CLI plus a local hashicorp/aws provider mirror for the generated-stack checks.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasCommand, run } from './proc.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let aptUpdated = false;
async function aptInstall(packages) {
  if (!isRoot || !hasCommand('apt-get')) return false;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    await run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  console.log(`» apt-get install ${packages.join(' ')}`);
  return (await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env })) === 0;
}

/** Whether Debian's package is installed (false where there is no dpkg). */
const debianPackageInstalled = name =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes(
    'install ok installed',
  ) ?? false;

/**
 * Path of a Chromium binary (DPRA_CHROMIUM_PATH, or `chromium` on PATH), installing Debian's if
 * needed, with Debian's colour emoji font: Backstage draws yes/no values (a template review's
 * nested booleans) as ✅/❌, which a Chromium without an emoji font shows as empty boxes in the
 * screenshots we check.
 */
export async function ensureChromium() {
  const emojiFont = 'fonts-noto-color-emoji';
  const given = process.env.DPRA_CHROMIUM_PATH;
  const which = () =>
    spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).stdout.trim();
  const missing = [];
  if (!given && !which()) missing.push('chromium');
  if (hasCommand('dpkg-query') && !debianPackageInstalled(emojiFont)) missing.push(emojiFont);
  if (missing.length) await aptInstall(missing);
  return given || which() || undefined;
}

/**
 * Path of Debian's jq (DPRA_JQ_PATH, or `jq` on PATH), installing it if needed: the suite runs the
 * generated buildspecs' findings import step, which CodeBuild runs with jq.
 */
export async function ensureJq() {
  if (process.env.DPRA_JQ_PATH) return process.env.DPRA_JQ_PATH;
  const which = () => spawnSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' }).stdout.trim();
  if (!which()) await aptInstall(['jq']);
  return which() || undefined;
}

/**
 * Path of wrk, the HTTP load generator of the backend benchmark (BENCH_WRK, or `wrk` on PATH),
 * installing Debian's if needed; undefined when there is none (the benchmark then loads from Node.js).
 */
export async function ensureWrk() {
  if (process.env.BENCH_WRK) return process.env.BENCH_WRK;
  const which = () => spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim();
  if (!which()) await aptInstall(['wrk']);
  return which() || undefined;
}

/** Directory with PostgreSQL's initdb/pg_ctl (PG_BINDIR, PATH, or Debian's versioned dir). */
export async function ensurePostgresBinaries() {
  const find = () => {
    if (process.env.PG_BINDIR && existsSync(path.join(process.env.PG_BINDIR, 'initdb'))) {
      return process.env.PG_BINDIR;
    }
    const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
    if (onPath) return path.dirname(onPath);
    // Debian installs server binaries outside PATH, per major version.
    const base = '/usr/lib/postgresql';
    if (existsSync(base)) {
      const versions = readdirSync(base)
        .filter(v => existsSync(path.join(base, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a));
      if (versions.length) return path.join(base, versions[0], 'bin');
    }
    return undefined;
  };
  if (!find()) await aptInstall(['postgresql']);
  return find();
}

const holdsAws = dir => existsSync(path.join(dir, 'registry.terraform.io/hashicorp/aws'));

/** `$NAME` and `${NAME}` replaced from the environment, as terraform does in its CLI config. */
const expandEnv = (text, env) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced, bare) => env[braced ?? bare] ?? '');

/**
 * The provider mirror holding hashicorp/aws that the user configured, in the same order as
 * findTerraformProviderMirror in @dpra/stacks/testing (infra/src/testing/terraformProviderMirror.ts;
 * a test there checks that both agree): DPRA_TF_PROVIDER_MIRROR (when set, it alone counts), the
 * terraform CLI config (TF_CLI_CONFIG_FILE or ~/.terraformrc: filesystem_mirror paths, then
 * plugin_cache_dir), TF_PLUGIN_CACHE_DIR, then terraform's implied local mirror directories.
 */
export function configuredTerraformProviderMirror(env = process.env) {
  if (env.DPRA_TF_PROVIDER_MIRROR) {
    const dir = path.resolve(env.DPRA_TF_PROVIDER_MIRROR);
    return holdsAws(dir) ? dir : undefined;
  }
  const home = os.homedir();
  const windows = process.platform === 'win32';
  const candidates = [];
  const configFile =
    env.TF_CLI_CONFIG_FILE ||
    (windows ? env.APPDATA && path.join(env.APPDATA, 'terraform.rc') : path.join(home, '.terraformrc'));
  if (configFile && existsSync(configFile)) {
    const code = readFileSync(configFile, 'utf8').replace(/^\s*(#|\/\/).*$/gm, '');
    for (const block of code.matchAll(/filesystem_mirror\s*\{([^}]*)\}/g)) {
      const dir = /\bpath\s*=\s*"([^"]*)"/.exec(block[1])?.[1];
      if (dir) candidates.push(expandEnv(dir, env));
    }
    const cache = /^\s*plugin_cache_dir\s*=\s*"([^"]*)"/m.exec(code)?.[1];
    if (cache) candidates.push(expandEnv(cache, env));
  }
  if (env.TF_PLUGIN_CACHE_DIR) candidates.push(env.TF_PLUGIN_CACHE_DIR);
  if (windows) {
    if (env.APPDATA) {
      candidates.push(path.join(env.APPDATA, 'terraform.d/plugins'), path.join(env.APPDATA, 'HashiCorp/Terraform/plugins'));
    }
  } else if (process.platform === 'darwin') {
    candidates.push(
      path.join(home, '.terraform.d/plugins'),
      path.join(home, 'Library/Application Support/io.terraform/plugins'),
      '/Library/Application Support/io.terraform/plugins',
    );
  } else {
    const dataDirs = [
      env.XDG_DATA_HOME || path.join(home, '.local/share'),
      ...(env.XDG_DATA_DIRS || '/usr/local/share/:/usr/share/').split(':').filter(Boolean),
    ];
    candidates.push(path.join(home, '.terraform.d/plugins'), ...dataDirs.map(d => path.join(d, 'terraform/plugins')));
  }
  return candidates.map(c => path.resolve(c)).find(holdsAws);
}

/**
 * Directory of a Terraform provider mirror that holds hashicorp/aws: the configured one
 * ({@link configuredTerraformProviderMirror}); failing that — images often keep a mirror elsewhere
 * without configuring it — the first found a few levels deep under the usual system roots.
 */
export function findTerraformProviderMirror() {
  const configured = configuredTerraformProviderMirror();
  if (configured || process.env.DPRA_TF_PROVIDER_MIRROR) return configured;
  const found = spawnSync(
    'sh',
    [
      '-c',
      'find /opt /usr/local /srv /var/lib "$HOME" -maxdepth 5 -type d -path "*/registry.terraform.io/hashicorp/aws" 2>/dev/null | head -n 1',
    ],
    { encoding: 'utf8' },
  ).stdout.trim();
  return found ? path.resolve(found, '../../..') : undefined;
}

/** True when the terraform CLI is on PATH. */
export function hasTerraform() {
  return hasCommand('terraform');
}
