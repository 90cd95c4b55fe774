import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type TerraformProviderMirror,
  findTerraformProviderMirror,
} from './terraformProviderMirror';

/*
 * The real terraform CLI against synthesized stacks, offline: every stack becomes a module of one
 * root (so the large provider schema loads once), providers come from the local mirror through a
 * CLI config written into the work directory, and the AWS provider gets fake static credentials
 * and skip flags in an override file of the test copy only (the stacks ship none).
 */

/** Why the terraform checks cannot run here, or undefined when they can. @public */
export function terraformUnavailableReason(): string | undefined {
  const version = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (version.error || version.status !== 0)
    return 'the terraform CLI is not on PATH';
  if (findTerraformProviderMirror()) return undefined;
  const named = process.env.DPRA_TF_PROVIDER_MIRROR;
  return named
    ? `DPRA_TF_PROVIDER_MIRROR=${named} holds no registry.terraform.io/hashicorp/aws`
    : 'no hashicorp/aws provider mirror: set DPRA_TF_PROVIDER_MIRROR, or name one in the terraform CLI config (provider_installation.filesystem_mirror or plugin_cache_dir) or TF_PLUGIN_CACHE_DIR';
}

/**
 * The `describe` for suites that need terraform: jest's `describe` when terraform can run;
 * `describe.skip`, with a loud warning, when the CLI or the provider mirror is missing — unless
 * `DPRA_REQUIRE_TERRAFORM=1` (CI), where the suite runs and fails on the missing tool.
 *
 * @public
 */
export function terraformDescribe(): jest.Describe {
  const unavailable = terraformUnavailableReason();
  if (!unavailable) return describe;
  const required = process.env.DPRA_REQUIRE_TERRAFORM === '1';
  // eslint-disable-next-line no-console
  console.warn(
    `\n!! TERRAFORM CHECKS ${
      required ? 'CANNOT RUN (and DPRA_REQUIRE_TERRAFORM=1)' : 'SKIPPED'
    }: ${unavailable}\n`,
  );
  // Skipping loudly, never silently, is the point of this helper.
  // eslint-disable-next-line jest/no-disabled-tests
  return required ? describe : describe.skip;
}

/** Outcome of `terraform validate`: validity and the error diagnostics, one line each. @public */
export interface TerraformValidation {
  valid: boolean;
  diagnostics: string[];
}

/** Exit status and output of one terraform command. @public */
export interface TerraformRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link TerraformWorkspace.create}. @public */
export interface TerraformWorkspaceOptions {
  /** @default found by {@link findTerraformProviderMirror} */
  readonly mirror?: TerraformProviderMirror;
}

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A terraform CLI configuration that installs registry providers from the filesystem mirror
 * `dir` only, never from the network.
 *
 * @public
 */
export function mirrorOnlyCliConfig(dir: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(dir)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * A temporary terraform working directory whose root module calls each added stack as a module.
 *
 * @public
 */
export class TerraformWorkspace {
  /** The root module's directory. */
  readonly root: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly modules: string[] = [];

  /** A workspace in a new temporary directory; {@link TerraformWorkspace.remove} deletes it. */
  static create(options: TerraformWorkspaceOptions = {}): TerraformWorkspace {
    const mirror = options.mirror ?? findTerraformProviderMirror();
    if (!mirror)
      throw new Error(`terraform cannot run: ${terraformUnavailableReason()}`);
    return new TerraformWorkspace(
      mkdtempSync(join(tmpdir(), 'dpra-tf-')),
      mirror.dir,
    );
  }

  private constructor(readonly dir: string, mirror: string) {
    this.root = join(dir, 'root');
    mkdirSync(join(this.root, 'modules'), { recursive: true });
    const cliConfig = join(dir, 'terraform.rc');
    writeFileSync(cliConfig, mirrorOnlyCliConfig(mirror));
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      // The mirror may be the user's plugin cache, and terraform refuses a cache that is also a mirror.
      TF_PLUGIN_CACHE_DIR: '',
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // Fake static credentials: the plan is offline and must never reach AWS.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'offline-plan-only',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
  }

  /**
   * Adds a synthesized stack (the text of its cdk.tf.json) as module `name`, with an override
   * file that lets each of its AWS providers plan offline.
   */
  addStack(name: string, terraformJson: string): void {
    if (!MODULE_NAME.test(name) || this.modules.includes(name))
      throw new Error(`${JSON.stringify(name)} is not a new module name`);
    const target = join(this.root, 'modules', name);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'cdk.tf.json'), terraformJson);
    const config = JSON.parse(terraformJson);
    const providers = (config.provider?.aws ?? []).map(
      (p: { alias?: string }) => ({
        ...(p.alias ? { alias: p.alias } : {}),
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
        // The stacks pin allowed_account_ids; without an account lookup the provider cannot check it.
        allowed_account_ids: null,
      }),
    );
    writeFileSync(
      join(target, 'offline_override.tf.json'),
      JSON.stringify({ provider: { aws: providers } }),
    );
    this.modules.push(name);
    writeFileSync(
      join(this.root, 'main.tf.json'),
      JSON.stringify({
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        module: Object.fromEntries(
          this.modules.map(m => [m, { source: `./modules/${m}` }]),
        ),
      }),
    );
  }

  /** Adds the stack `synthesize` wrote to `file` (a cdk.tf.json) as module `name`. */
  addStackFile(name: string, file: string): void {
    this.addStack(name, readFileSync(file, 'utf8'));
  }

  /** `terraform init` from the mirror only. */
  async init(): Promise<string> {
    return (await this.runOk(['init', '-input=false', '-no-color'])).stdout;
  }

  /** `terraform validate`: validity and the error diagnostics. */
  async validate(): Promise<TerraformValidation> {
    const { stdout } = await this.run(['validate', '-json', '-no-color']);
    const report = JSON.parse(stdout) as {
      valid: boolean;
      diagnostics: Array<{
        severity: string;
        summary: string;
        detail?: string;
      }>;
    };
    return {
      valid: report.valid,
      diagnostics: report.diagnostics
        .filter(d => d.severity === 'error')
        .map(d => `${d.summary}${d.detail ? `: ${d.detail}` : ''}`),
    };
  }

  /** An offline `terraform plan`: its summary output and the planned values (`show -json`). */
  async plan(): Promise<{ output: string; planned: any }> {
    const plan = await this.runOk([
      'plan',
      '-input=false',
      '-no-color',
      '-lock=false',
      '-refresh=false',
      '-out=tfplan',
    ]);
    const show = await this.runOk(['show', '-json', 'tfplan']);
    return { output: plan.stdout, planned: JSON.parse(show.stdout) };
  }

  /**
   * Runs terraform and throws a readable error (only the `Error:` blocks; cdk.tf.json lines are
   * one huge line each) when it fails.
   */
  async runOk(args: string[]): Promise<TerraformRun> {
    const result = await this.run(args);
    if (result.status !== 0) {
      const output = `${result.stdout}${result.stderr}`;
      const errors = output
        .split(/\n(?=(?:Error|Warning): )/)
        .filter(block => block.startsWith('Error: '))
        .map(block =>
          block.replace(/^.*cdk\.tf\.json line \d+.*\n.*\n/m, '').slice(0, 800),
        );
      throw new Error(
        `terraform ${args[0]} exited ${result.status}:\n${(errors.length
          ? errors
          : [output.slice(-3000)]
        ).join('\n---\n')}`,
      );
    }
    return result;
  }

  /** Runs terraform in the root module. */
  run(args: string[]): Promise<TerraformRun> {
    return new Promise(done => {
      const child = spawn('terraform', args, { cwd: this.root, env: this.env });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', chunk => stdout.push(chunk));
      child.stderr.on('data', chunk => stderr.push(chunk));
      child.on('error', error =>
        done({ status: -1, stdout: '', stderr: String(error) }),
      );
      child.on('close', status =>
        done({
          status: status ?? -1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
    });
  }

  /** Deletes the workspace. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * `terraform init` and `validate` of several synthesized stacks at once (each the text of its
 * cdk.tf.json), in a temporary workspace that is removed afterwards.
 *
 * @public
 */
export async function terraformValidate(
  stacks: ReadonlyArray<{ name: string; json: string }>,
): Promise<TerraformValidation> {
  const workspace = TerraformWorkspace.create();
  try {
    for (const stack of stacks) workspace.addStack(stack.name, stack.json);
    await workspace.init();
    return await workspace.validate();
  } finally {
    workspace.remove();
  }
}
