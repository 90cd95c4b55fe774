import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineSpec } from '../spec/schema';
import { synthesize } from '../synthesize';

/** Synthesized Terraform JSON of every stack, by stack name. */
export type SynthesizedStacks = Record<string, any>;

/** Synthesizes a spec into a temporary directory and returns the parsed cdk.tf.json files. */
export async function synthJson(spec: unknown): Promise<SynthesizedStacks> {
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

/** All resources of a type in a stack (values of `resource.<type>`). */
export function resources(stack: any, type: string): any[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The only resource of a type in a stack; fails when there is not exactly one. */
export function onlyResource(stack: any, type: string): any {
  const all = resources(stack, type);
  if (all.length !== 1)
    throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** A stage of the synthesized pipeline by name. */
export function stage(pipeline: any, name: string): any {
  const found = pipeline.stage.find((s: any) => s.name === name);
  if (!found)
    throw new Error(
      `no stage ${name}; stages: ${pipeline.stage
        .map((s: any) => s.name)
        .join(', ')}`,
    );
  return found;
}
