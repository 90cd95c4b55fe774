import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * Where the hashicorp/aws provider can be installed from offline, in the order terraform users
 * configure it: our own variable, the terraform CLI configuration, terraform's plugin cache
 * variable, then terraform's implied local mirror directories. Never a machine-specific path.
 * scripts/lib/system.mjs (the test script, plain Node) follows the same order and then also
 * searches a few system folders.
 */

/** A directory that holds `registry.terraform.io/hashicorp/aws`, and where it was configured. @public */
export interface TerraformProviderMirror {
  readonly dir: string;
  /** Where the directory came from, for messages (e.g. `DPRA_TF_PROVIDER_MIRROR`). */
  readonly from: string;
}

/** What the search reads; the current process's by default. @public */
export interface TerraformMirrorSearchContext {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default os.homedir() */
  readonly home?: string;
  /** @default process.platform */
  readonly platform?: NodeJS.Platform;
}

/** Whether a directory is a provider mirror that holds hashicorp/aws. @public */
export function holdsAwsProvider(dir: string): boolean {
  return existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws'));
}

/** `$NAME` and `${NAME}` replaced from the environment, as terraform does in its CLI config. */
function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced, bare) => env[braced ?? bare] ?? '',
  );
}

/**
 * The terraform CLI configuration file: `TF_CLI_CONFIG_FILE`, else `~/.terraformrc`
 * (`%APPDATA%/terraform.rc` on Windows).
 *
 * @public
 */
export function terraformCliConfigFile(
  context: TerraformMirrorSearchContext = {},
): string | undefined {
  const env = context.env ?? process.env;
  if (env.TF_CLI_CONFIG_FILE) return env.TF_CLI_CONFIG_FILE;
  if ((context.platform ?? process.platform) === 'win32') {
    return env.APPDATA ? join(env.APPDATA, 'terraform.rc') : undefined;
  }
  return join(context.home ?? homedir(), '.terraformrc');
}

/**
 * The directories a terraform CLI configuration names: every `filesystem_mirror { path }` of
 * `provider_installation`, then `plugin_cache_dir` (a cache has the mirror's unpacked layout).
 *
 * @public
 */
export function cliConfigProviderDirs(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const code = text.replace(/^\s*(#|\/\/).*$/gm, '');
  const mirrors = [...code.matchAll(/filesystem_mirror\s*\{([^}]*)\}/g)]
    .map(block => /\bpath\s*=\s*"([^"]*)"/.exec(block[1])?.[1])
    .filter((dir): dir is string => Boolean(dir));
  const cache = /^\s*plugin_cache_dir\s*=\s*"([^"]*)"/m.exec(code)?.[1];
  return [...mirrors, ...(cache ? [cache] : [])].map(dir =>
    expandEnv(dir, env),
  );
}

/**
 * Terraform's implied local mirror directories for a platform (as its CLI documentation lists
 * them): `~/.terraform.d/plugins` and, on Linux and other Unix systems, `terraform/plugins` under
 * every XDG data directory; the `io.terraform` folders on macOS; `%APPDATA%` on Windows.
 *
 * @public
 */
export function impliedLocalMirrorDirs(
  context: TerraformMirrorSearchContext = {},
): string[] {
  const env = context.env ?? process.env;
  const home = context.home ?? homedir();
  switch (context.platform ?? process.platform) {
    case 'win32':
      return env.APPDATA
        ? [
            join(env.APPDATA, 'terraform.d', 'plugins'),
            join(env.APPDATA, 'HashiCorp', 'Terraform', 'plugins'),
          ]
        : [];
    case 'darwin':
      return [
        join(home, '.terraform.d', 'plugins'),
        join(home, 'Library', 'Application Support', 'io.terraform', 'plugins'),
        join('/Library', 'Application Support', 'io.terraform', 'plugins'),
      ];
    default: {
      const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
      const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share/:/usr/share/')
        .split(':')
        .filter(Boolean);
      return [
        join(home, '.terraform.d', 'plugins'),
        ...[dataHome, ...dataDirs].map(dir =>
          join(dir, 'terraform', 'plugins'),
        ),
      ];
    }
  }
}

/**
 * Finds the hashicorp/aws provider mirror: `DPRA_TF_PROVIDER_MIRROR` (when set, it alone
 * counts), then the terraform CLI configuration (`TF_CLI_CONFIG_FILE` or `~/.terraformrc`:
 * `provider_installation { filesystem_mirror { path } }`, `plugin_cache_dir`), then
 * `TF_PLUGIN_CACHE_DIR`, then terraform's implied local mirror directories.
 *
 * @public
 */
export function findTerraformProviderMirror(
  context: TerraformMirrorSearchContext = {},
): TerraformProviderMirror | undefined {
  const env = context.env ?? process.env;
  if (env.DPRA_TF_PROVIDER_MIRROR) {
    const dir = resolve(env.DPRA_TF_PROVIDER_MIRROR);
    return holdsAwsProvider(dir)
      ? { dir, from: 'DPRA_TF_PROVIDER_MIRROR' }
      : undefined;
  }
  const candidates: TerraformProviderMirror[] = [];
  const configFile = terraformCliConfigFile(context);
  if (configFile && existsSync(configFile)) {
    for (const dir of cliConfigProviderDirs(
      readFileSync(configFile, 'utf8'),
      env,
    )) {
      candidates.push({ dir, from: configFile });
    }
  }
  if (env.TF_PLUGIN_CACHE_DIR) {
    candidates.push({
      dir: env.TF_PLUGIN_CACHE_DIR,
      from: 'TF_PLUGIN_CACHE_DIR',
    });
  }
  for (const dir of impliedLocalMirrorDirs(context)) {
    candidates.push({ dir, from: 'implied local mirror directory' });
  }
  return candidates
    .map(c => ({ ...c, dir: resolve(c.dir) }))
    .find(c => holdsAwsProvider(c.dir));
}
