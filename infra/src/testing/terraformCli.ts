import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/*
 * Runs the real terraform CLI against synthesized stacks, offline: providers come from a local
 * filesystem mirror named by DPRA_TF_PROVIDER_MIRROR (never a hard-coded path), through a CLI
 * config written into the work directory and passed as TF_CLI_CONFIG_FILE.
 */

/** Why the terraform checks cannot run here, or undefined when they can. */
export function terraformUnavailableReason(): string | undefined {
  const version = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (version.error || version.status !== 0)
    return 'the terraform CLI is not on PATH';
  const mirror = process.env.DPRA_TF_PROVIDER_MIRROR;
  if (!mirror)
    return 'DPRA_TF_PROVIDER_MIRROR is not set (a directory holding registry.terraform.io/hashicorp/aws)';
  if (!existsSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))) {
    return `DPRA_TF_PROVIDER_MIRROR=${mirror} holds no registry.terraform.io/hashicorp/aws`;
  }
  return undefined;
}

/** A terraform working directory whose root module calls each synthesized stack as a module. */
export class TerraformWorkspace {
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const cliConfig = join(dir, 'terraform.rc');
    writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(process.env.DPRA_TF_PROVIDER_MIRROR)}`,
        '    include = ["registry.terraform.io/*/*"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/*/*"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
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
   * Adds a synthesized stack directory (containing cdk.tf.json) as module `name`, with an
   * override file that makes each of its providers plan offline. The stacks themselves ship no
   * credentials and no skip flags; only this test copy gets them.
   */
  addStack(name: string, stackDir: string): void {
    const target = join(this.dir, 'modules', name);
    mkdirSync(target, { recursive: true });
    const config = JSON.parse(
      readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'),
    );
    writeFileSync(join(target, 'cdk.tf.json'), JSON.stringify(config));
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
  }

  /** Writes the root module that calls every added stack. */
  writeRoot(): void {
    const modules = Object.fromEntries(
      readdirSync(join(this.dir, 'modules')).map(name => [
        name,
        { source: `./modules/${name}` },
      ]),
    );
    writeFileSync(
      join(this.dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        module: modules,
      }),
    );
  }

  /**
   * Runs terraform and throws a readable error (only the `Error:` blocks; cdk.tf.json lines are
   * one huge line each) when it fails.
   */
  runOk(args: string[]): string {
    const { status, output } = this.run(args);
    if (status !== 0) {
      const errors = output
        .split(/\n(?=(?:Error|Warning): )/)
        .filter(block => block.startsWith('Error: '))
        .map(block =>
          block.replace(/^.*cdk\.tf\.json line \d+.*\n.*\n/m, '').slice(0, 800),
        );
      throw new Error(
        `terraform ${args[0]} exited ${status}:\n${(errors.length
          ? errors
          : [output.slice(-3000)]
        ).join('\n---\n')}`,
      );
    }
    return output;
  }

  /** Runs terraform; returns exit status and output. */
  run(args: string[]): { status: number; output: string } {
    const result = spawnSync('terraform', [...args], {
      cwd: this.dir,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    return {
      status: result.status ?? -1,
      output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    };
  }
}
