import { App } from 'cdktf';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PipelineSpec } from './spec/schema';
import { assertValidSpec } from './spec/validate';
import { addAppPipelineStacks } from './stacks/app/appPipeline';
import { addConfigPipelineStacks } from './stacks/config/configPipeline';
import { addFleetPipelineStacks } from './stacks/fleet/fleetPipeline';
import { addImagePipelineStacks } from './stacks/image/imagePipeline';

/** Result of {@link synthesize}. @public */
export interface SynthResult {
  /** One entry per Terraform stack, in apply order (toolchain first, then environments). */
  stacks: Array<{ name: string; file: string }>;
}

/**
 * Adds the stacks of a validated spec to a cdktf App and returns the stack names. Used by
 * {@link synthesize} and by the generated cdktf project's `main.ts`.
 *
 * @public
 */
export function addPipelineStacks(app: App, spec: PipelineSpec): string[] {
  switch (spec.kind) {
    case 'AppPipeline':
      return addAppPipelineStacks(app, spec);
    case 'ImagePipeline':
      return addImagePipelineStacks(app, spec);
    case 'AccountFleetPipeline':
      return addFleetPipelineStacks(app, spec);
    case 'ConfigPipeline':
      return addConfigPipelineStacks(app, spec);
    default:
      throw new Error(`unknown kind ${(spec as { kind: string }).kind}`);
  }
}

/**
 * Synthesizes Terraform JSON in-process (no child process): `<outdir>/stacks/<name>/cdk.tf.json`
 * per stack. The spec is re-validated first (defaults applied), so callers may pass raw input;
 * an invalid spec throws {@link SpecValidationError}.
 *
 * @public
 */
export async function synthesize(
  spec: PipelineSpec,
  options: { outdir: string },
): Promise<SynthResult> {
  const valid = assertValidSpec(spec);
  const outdir = resolve(options.outdir);
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  const names = addPipelineStacks(app, valid);
  app.synth();
  const stacks = names.map(name => ({
    name,
    file: join(outdir, 'stacks', name, 'cdk.tf.json'),
  }));
  for (const s of stacks) {
    if (!existsSync(s.file)) throw new Error(`cdktf did not write ${s.file}`);
  }
  return { stacks };
}

/**
 * Synthesized Terraform JSON of every stack (the parsed `cdk.tf.json`), by stack name.
 *
 * @public
 */
export type SynthesizedStacks = Record<string, any>;

/**
 * Synthesizes a spec (raw input, validated as by {@link synthesize}) in a temporary directory and
 * returns each stack's Terraform JSON, parsed; the directory is removed. Used by the tests and by
 * the local AWS endpoint, which builds its world from the synthesized output.
 *
 * @public
 */
export async function synthesizeJson(
  spec: unknown,
): Promise<SynthesizedStacks> {
  const outdir = mkdtempSync(join(tmpdir(), 'dpra-synth-'));
  try {
    const result = await synthesize(spec as PipelineSpec, { outdir });
    return Object.fromEntries(
      result.stacks.map(s => [
        s.name,
        JSON.parse(readFileSync(s.file, 'utf8')),
      ]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
