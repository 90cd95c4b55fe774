/**
 * Test helpers of `@dpra/stacks` for this repository's workspaces: the canonical specs (the
 * examples in `examples/specs`, plus the smallest valid spec of each kind and hostile variants),
 * helpers to synthesize and inspect Terraform JSON, and one terraform harness (`init`, `validate`
 * and an offline `plan` against a local provider mirror).
 *
 * @packageDocumentation
 */

export {
  EXAMPLE_SPECS_DIR,
  EXAMPLE_SPEC_NAMES,
  EXAMPLE_SPEC_BY_KIND,
  STACKS_PACKAGE_DIR,
  type ExampleSpecName,
  exampleSpec,
  exampleSpecFile,
  exampleSpecInput,
  exampleSpecYaml,
} from './exampleSpecs';
export { minimalAppSpec, minimalFleetSpec, minimalImageSpec } from './specs';
export { HOSTILE_STRINGS, hostileAppSpec, hostileFleetSpec } from './hostile';
export {
  type SynthesizedStacks,
  onlyResource,
  resources,
  stage,
  synthJson,
} from './synthJson';
export {
  type TerraformRun,
  type TerraformValidation,
  type TerraformWorkspaceOptions,
  TerraformWorkspace,
  mirrorOnlyCliConfig,
  terraformDescribe,
  terraformUnavailableReason,
  terraformValidate,
} from './terraform';
export {
  type TerraformMirrorSearchContext,
  type TerraformProviderMirror,
  cliConfigProviderDirs,
  findTerraformProviderMirror,
  holdsAwsProvider,
  impliedLocalMirrorDirs,
  terraformCliConfigFile,
} from './terraformProviderMirror';
export {
  validAppSpecArbitrary,
  validImageSpecArbitrary,
  validFleetSpecArbitrary,
  validConfigSpecArbitrary,
  validSpecArbitrary,
} from './specArbitraries';
