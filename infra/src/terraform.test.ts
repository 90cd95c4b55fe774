import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseSpecYaml } from './spec/validate';
import { synthesize } from './synthesize';
import { HOSTILE_STRINGS, hostileFleetSpec } from './testing/hostile';
import {
  TerraformWorkspace,
  terraformUnavailableReason,
} from './testing/terraformCli';

/*
 * The real terraform CLI on every example spec: synthesize, then one offline init, validate and
 * plan over all stacks (each stack is a module of one root, so the provider schema loads once).
 * When terraform or the provider mirror is missing the suite says so loudly and skips, unless
 * DPRA_REQUIRE_TERRAFORM=1 (CI), where that is a failure.
 */

const EXAMPLES_DIR = resolve(__dirname, '../../examples/specs');
const unavailable = terraformUnavailableReason();
const required = process.env.DPRA_REQUIRE_TERRAFORM === '1';

if (unavailable) {
  // eslint-disable-next-line no-console
  console.warn(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! TERRAFORM CHECKS ${
        required ? 'CANNOT RUN (and DPRA_REQUIRE_TERRAFORM=1)' : 'SKIPPED'
      }: ${unavailable}\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  );
}

const describeTerraform = unavailable && !required ? describe.skip : describe;

describeTerraform('generated stacks with the real terraform CLI', () => {
  let workspace: TerraformWorkspace;
  let work: string;
  const exampleFiles = readdirSync(EXAMPLES_DIR)
    .filter(f => f.endsWith('.yaml'))
    .sort();

  beforeAll(async () => {
    if (unavailable)
      throw new Error(
        `terraform checks are required but cannot run: ${unavailable}`,
      );
    work = mkdtempSync(join(tmpdir(), 'dpra-tf-'));
    workspace = new TerraformWorkspace(join(work, 'root'));
    for (const file of exampleFiles) {
      const parsed = parseSpecYaml(
        readFileSync(join(EXAMPLES_DIR, file), 'utf8'),
      );
      if (!parsed.ok)
        throw new Error(`${file} is invalid: ${JSON.stringify(parsed.issues)}`);
      const out = await synthesize(parsed.spec, {
        outdir: join(work, 'synth', file),
      });
      for (const stack of out.stacks)
        workspace.addStack(stack.name, resolve(stack.file, '..'));
    }
    const hostile = await synthesize(hostileFleetSpec(), {
      outdir: join(work, 'synth', 'hostile'),
    });
    for (const stack of hostile.stacks)
      workspace.addStack(`hostile-${stack.name}`, resolve(stack.file, '..'));
    workspace.writeRoot();
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('GIVEN every example spec WHEN synthesized THEN there are examples of all three kinds', () => {
    const kinds = exampleFiles
      .map(f => parse(readFileSync(join(EXAMPLES_DIR, f), 'utf8')).kind)
      .sort();
    expect(kinds).toEqual([
      'AccountFleetPipeline',
      'AppPipeline',
      'ImagePipeline',
    ]);
  });

  it('WHEN terraform init runs against the local mirror THEN it succeeds offline', () => {
    const init = workspace.runOk(['init', '-input=false', '-no-color']);
    expect(init).toContain('Terraform has been successfully initialized');
  }, 600_000);

  it('WHEN terraform validate runs THEN every stack is valid', () => {
    const validate = workspace.runOk(['validate', '-no-color']);
    expect(validate).toContain('The configuration is valid');
  }, 900_000);

  it('WHEN an offline plan runs THEN it succeeds and hostile strings reach AWS unchanged', () => {
    const plan = workspace.runOk([
      'plan',
      '-input=false',
      '-no-color',
      '-lock=false',
      '-refresh=false',
      '-out=tfplan',
    ]);
    expect(plan).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);

    const show = workspace.runOk(['show', '-json', 'tfplan']);
    const planned = JSON.parse(show.slice(show.indexOf('{')));
    const modules: any[] = planned.planned_values.root_module.child_modules;
    const toolchain = modules.find(
      m => m.address === 'module.hostile-hostile-fleet-toolchain',
    );
    const apply = toolchain.resources.find(
      (r: any) =>
        r.type === 'aws_codebuild_project' &&
        r.values.name === 'hostile-fleet-apply',
    );
    const commands: string[] = parse(apply.values.source[0].buildspec).phases
      .build.commands;
    expect(commands.slice(1)).toEqual(HOSTILE_STRINGS);
    const scp = toolchain.resources.find(
      (r: any) => r.type === 'aws_organizations_policy',
    );
    expect(scp.values.description).toBe(HOSTILE_STRINGS[0]);
    expect(
      JSON.parse(scp.values.content).Statement[0].Condition.StringLike[
        'aws:PrincipalTag/x'
      ],
    ).toEqual(HOSTILE_STRINGS);
  }, 900_000);
});
