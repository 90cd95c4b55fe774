import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthesize } from './synthesize';
import {
  EXAMPLE_SPEC_NAMES,
  exampleSpec,
  exampleSpecInput,
} from './testing/exampleSpecs';
import { HOSTILE_STRINGS, hostileFleetSpec } from './testing/hostile';
import { TerraformWorkspace, terraformDescribe } from './testing/terraform';

/*
 * The real terraform CLI on every example spec: synthesize, then one offline init, validate and
 * plan over all stacks (each stack is a module of one root, so the provider schema loads once).
 * When terraform or the provider mirror is missing the suite says so loudly and skips, unless
 * DPRA_REQUIRE_TERRAFORM=1 (CI), where that is a failure.
 */

const describeTerraform = terraformDescribe();

describeTerraform('generated stacks with the real terraform CLI', () => {
  let workspace: TerraformWorkspace;
  let synthDir: string;

  beforeAll(async () => {
    workspace = TerraformWorkspace.create();
    synthDir = mkdtempSync(join(tmpdir(), 'dpra-tf-synth-'));
    for (const name of EXAMPLE_SPEC_NAMES) {
      const out = await synthesize(exampleSpec(name), {
        outdir: join(synthDir, name),
      });
      for (const stack of out.stacks)
        workspace.addStackFile(stack.name, stack.file);
    }
    const hostile = await synthesize(hostileFleetSpec(), {
      outdir: join(synthDir, 'hostile'),
    });
    for (const stack of hostile.stacks)
      workspace.addStackFile(`hostile-${stack.name}`, stack.file);
  }, 900_000);

  afterAll(() => {
    workspace?.remove();
    if (synthDir) rmSync(synthDir, { recursive: true, force: true });
  });

  it('GIVEN every example spec WHEN synthesized THEN there are examples of all four kinds', () => {
    const kinds = [
      ...new Set(EXAMPLE_SPEC_NAMES.map(n => exampleSpecInput(n).kind)),
    ].sort();
    expect(kinds).toEqual([
      'AccountFleetPipeline',
      'AppPipeline',
      'ConfigPipeline',
      'ImagePipeline',
    ]);
  });

  it('WHEN terraform init runs against the local mirror THEN it succeeds offline', async () => {
    expect(await workspace.init()).toContain(
      'Terraform has been successfully initialized',
    );
  }, 600_000);

  it('WHEN terraform validate runs THEN every stack is valid', async () => {
    expect(await workspace.validate()).toEqual({
      valid: true,
      diagnostics: [],
    });
  }, 900_000);

  it('WHEN an offline plan runs THEN it succeeds and hostile strings reach AWS unchanged', async () => {
    const { output, planned } = await workspace.plan();
    expect(output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);

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
