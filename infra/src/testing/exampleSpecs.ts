import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { PipelineSpec } from '../spec/schema';
import { assertValidSpec } from '../spec/validate';

/*
 * The canonical specs of the test suites: the files in the repository's examples/specs, one per
 * pipeline kind. They are read from disk on every call, so a test may change its copy freely.
 */

/**
 * Directory of this package (infra/ in the repository), found through its own package.json so
 * that it is the same from source and from a build.
 *
 * @public
 */
export const STACKS_PACKAGE_DIR = dirname(
  require.resolve('@dpra/stacks/package.json'),
);

/**
 * Directory of the example specs (`examples/specs` at the repository root). It is not published
 * with the package: the testing helpers serve this repository's workspaces.
 *
 * @public
 */
export const EXAMPLE_SPECS_DIR = resolve(
  STACKS_PACKAGE_DIR,
  '../examples/specs',
);

/**
 * The example specs, by file name without `.yaml`: one per pipeline kind, and the other pipelines
 * the local world needs (a service that owns two pipelines, one of them PARALLEL; a toolchain in
 * another region). @public
 */
export const EXAMPLE_SPEC_NAMES = [
  'app-service',
  'ami-build',
  'account-fleet',
  'orders-infra',
  'payments-service',
  'dynamic-config',
] as const;

/** Name of an example spec (its file name without `.yaml`). @public */
export type ExampleSpecName = (typeof EXAMPLE_SPEC_NAMES)[number];

/** The example of each pipeline kind. @public */
export const EXAMPLE_SPEC_BY_KIND = {
  AppPipeline: 'app-service',
  ImagePipeline: 'ami-build',
  AccountFleetPipeline: 'account-fleet',
  ConfigPipeline: 'dynamic-config',
} as const satisfies Record<PipelineSpec['kind'], ExampleSpecName>;

/** Path of an example spec file. @public */
export function exampleSpecFile(name: ExampleSpecName): string {
  return resolve(EXAMPLE_SPECS_DIR, `${name}.yaml`);
}

/** The text of an example spec file. @public */
export function exampleSpecYaml(name: ExampleSpecName): string {
  return readFileSync(exampleSpecFile(name), 'utf8');
}

/**
 * An example spec as its author wrote it (input form, no defaults applied): a fresh object on
 * every call.
 *
 * @public
 */
export function exampleSpecInput(name: ExampleSpecName): any {
  return parse(exampleSpecYaml(name));
}

/** An example spec validated, with every default applied. @public */
export function exampleSpec(name: ExampleSpecName): PipelineSpec {
  return assertValidSpec(exampleSpecInput(name));
}
