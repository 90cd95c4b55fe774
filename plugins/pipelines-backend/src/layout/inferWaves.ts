import type { LayoutStage } from '@dpra/plugin-pipelines-common';

/** A region name anywhere in an action name (`deploy-eu-west-1`, `cfn_us-east-1_app`). */
const REGION_IN_NAME = /[a-z]{2}(?:-[a-z]+)+-\d+/g;

/** What a stage deploys, regardless of where: its deploy actions by provider and region-free name. */
function deploySignature(stage: LayoutStage): string | undefined {
  const deploys = stage.actions.filter(a => a.category === 'Deploy');
  if (deploys.length === 0) return undefined;
  return deploys
    .map(a => `${a.provider}:${a.name.replace(REGION_IN_NAME, '')}`)
    .sort()
    .join('\n');
}

const deployRegions = (stage: LayoutStage): Set<string> =>
  new Set(
    stage.actions.filter(a => a.category === 'Deploy').map(a => a.region),
  );

const disjoint = (a: Set<string>, b: Set<string>) =>
  [...a].every(region => !b.has(region));

/**
 * The stages of a pipeline not made by `@dpra/stacks` that are production waves by their shape:
 * two or more consecutive stages, classified only by their actions (their names say nothing),
 * that deploy the same actions to different regions — a rollout region by region, whether or
 * not a human gate comes before it.
 *
 * @param stages - the stages in pipeline order
 * @param classified - how each stage's phase was found, at the same index
 * @returns the indices of the stages that are waves
 */
export function regionWaveStages(
  stages: readonly LayoutStage[],
  classified: ReadonlyArray<{ by: 'convention' | 'name' | 'actions' }>,
): number[] {
  const waves: number[] = [];
  let run: number[] = [];
  const closeRun = () => {
    if (run.length >= 2) waves.push(...run);
    run = [];
  };
  stages.forEach((stage, i) => {
    const signature =
      classified[i].by === 'actions' ? deploySignature(stage) : undefined;
    if (signature === undefined) {
      closeRun();
      return;
    }
    const regions = deployRegions(stage);
    const fits =
      run.length > 0 &&
      deploySignature(stages[run[0]]) === signature &&
      run.every(j => disjoint(deployRegions(stages[j]), regions));
    if (!fits) {
      closeRun();
    }
    run.push(i);
  });
  closeRun();
  return waves;
}
