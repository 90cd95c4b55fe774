export {
  synthesizeJson as synthJson,
  type SynthesizedStacks,
} from '../synthesize';

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
