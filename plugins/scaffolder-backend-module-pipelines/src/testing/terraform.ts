import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * `terraform validate` of a synthesized stack against the real hashicorp/aws provider, offline.
 * Same environment contract as infra/ and scripts/test-all.mjs: DPRA_TF_PROVIDER_MIRROR names a
 * filesystem mirror holding registry.terraform.io/hashicorp/aws; without it (or without the
 * terraform CLI) the check is skipped loudly, unless DPRA_REQUIRE_TERRAFORM=1 makes that a failure.
 * infra/ has an equivalent helper for its own tests, but does not export it from @dpra/stacks.
 */

const run = promisify(execFile);

function terraformMirror(): string | undefined {
  const mirror = process.env.DPRA_TF_PROVIDER_MIRROR;
  return mirror && fs.existsSync(path.join(mirror, 'registry.terraform.io/hashicorp/aws'))
    ? mirror
    : undefined;
}

function terraformOnPath(): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some(dir => dir && fs.existsSync(path.join(dir, 'terraform')));
}

/** Why terraform checks cannot run here, or undefined when they can. */
export function terraformUnavailableReason(): string | undefined {
  if (!terraformOnPath()) return 'the terraform CLI is not on PATH';
  if (!terraformMirror()) {
    return 'DPRA_TF_PROVIDER_MIRROR does not name a provider mirror holding registry.terraform.io/hashicorp/aws';
  }
  return undefined;
}

/** Outcome of `terraform validate -json`: validity and the error diagnostics, as one-line strings. */
export interface TerraformValidation {
  valid: boolean;
  diagnostics: string[];
}

/**
 * `terraform init -backend=false` and `terraform validate` over several synthesized stacks at once:
 * each stack becomes a module of one root, so the (large) provider schema is loaded only once.
 */
export async function terraformValidate(
  stacks: Array<{ name: string; json: string }>,
): Promise<TerraformValidation> {
  const mirror = terraformMirror();
  if (!mirror) throw new Error(terraformUnavailableReason());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-tf-validate-'));
  try {
    const cliConfig = path.join(dir, 'terraform.rc');
    fs.writeFileSync(
      cliConfig,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(mirror)}`,
        '    include = ["registry.terraform.io/*/*"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/*/*"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const root = path.join(dir, 'root');
    const modules: Record<string, { source: string }> = {};
    stacks.forEach((stack, index) => {
      const moduleName = `stack${index}_${stack.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      fs.mkdirSync(path.join(root, 'modules', moduleName), { recursive: true });
      fs.writeFileSync(path.join(root, 'modules', moduleName, 'cdk.tf.json'), stack.json);
      modules[moduleName] = { source: `./modules/${moduleName}` };
    });
    fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify({ module: modules }));
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
    };
    await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    const { stdout } = await run('terraform', ['validate', '-json', '-no-color'], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    }).catch(error => ({ stdout: String(error.stdout ?? '') }));
    const report = JSON.parse(stdout) as {
      valid: boolean;
      diagnostics: Array<{ severity: string; summary: string; detail?: string }>;
    };
    return {
      valid: report.valid,
      diagnostics: report.diagnostics
        .filter(d => d.severity === 'error')
        .map(d => `${d.summary}${d.detail ? `: ${d.detail}` : ''}`),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
