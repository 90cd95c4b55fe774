import {
  createExampleScenario,
  type AwsScenario,
  type ScenarioPipeline,
} from '@dpra/aws-local';

/** The entity of the benchmark and the pipelines it references. */
export interface BenchWorld {
  scenario: AwsScenario;
  /** ARNs of the entity's pipelines. */
  pipelineArns: string[];
  /** Regions the pipelines, their alarms and findings live in. */
  regions: string[];
}

/**
 * The example specs' world of `@dpra/aws-local`, widened to `count` pipelines: copies of its pipelines
 * (same stages, conditions, alarms, executions and findings) under their own names, so that one
 * entity can reference `count` distinct pipelines the way a large service would.
 */
export async function createBenchWorld(count: number): Promise<BenchWorld> {
  const base = await createExampleScenario();
  const originals = base.pipelines();
  const baseNameOf = new Map<string, string>();
  const copies: ScenarioPipeline[] = [];
  for (let i = 0; i < count; i++) {
    const original = originals[i % originals.length];
    const name = `bench-${String(i + 1).padStart(2, '0')}-${original.name}`;
    baseNameOf.set(name, original.name);
    copies.push({
      ...original,
      name,
      arn: `arn:aws:codepipeline:${original.region}:${original.accountId}:${name}`,
    });
  }
  const scenario = new Proxy(base, {
    get(target, property, receiver) {
      if (property === 'pipelines') {
        return () => copies;
      }
      if (property === 'executions') {
        return (name: string) =>
          target.executions(baseNameOf.get(name) ?? name);
      }
      if (property === 'pendingApprovalToken') {
        return (name: string, stage?: string, action?: string) =>
          target.pendingApprovalToken(
            baseNameOf.get(name) ?? name,
            stage,
            action,
          );
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    scenario,
    pipelineArns: copies.map(p => p.arn),
    regions: [...base.regions()],
  };
}
