// Finds (or, as root on Debian, installs) the system tools the suite needs: Chromium for the
// browser tests, PostgreSQL server binaries for the PostgreSQL half of the database tests, and the
// Terraform CLI plus a local hashicorp/aws provider mirror for the generated-stack checks.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
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

/** Path of a Chromium binary (DPRA_CHROMIUM_PATH, or `chromium` on PATH), installing Debian's if needed. */
export async function ensureChromium() {
  if (process.env.DPRA_CHROMIUM_PATH) return process.env.DPRA_CHROMIUM_PATH;
  const which = () =>
    spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).stdout.trim();
  if (!which()) await aptInstall(['chromium']);
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

/**
 * Directory of a Terraform provider mirror that holds hashicorp/aws (DPRA_TF_PROVIDER_MIRROR, or
 * searched for under the usual plugin roots and shallow system folders).
 */
export function findTerraformProviderMirror() {
  const holdsAws = dir =>
    existsSync(path.join(dir, 'registry.terraform.io/hashicorp/aws'));
  if (process.env.DPRA_TF_PROVIDER_MIRROR) {
    return holdsAws(process.env.DPRA_TF_PROVIDER_MIRROR)
      ? process.env.DPRA_TF_PROVIDER_MIRROR
      : undefined;
  }
  const home = os.homedir();
  const candidates = [
    path.join(home, '.terraform.d/plugins'),
    path.join(home, '.local/share/terraform/plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  for (const c of candidates) if (holdsAws(c)) return c;
  // Images often keep a mirror elsewhere: look a few levels deep under the usual roots.
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
