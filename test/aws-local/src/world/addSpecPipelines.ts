import { ACTION } from '@dpra/pipeline-contract';
import type { World } from '../scenario/world';
import type { ScenarioPipeline } from '../scenario/types';
import type { SynthesizedDeclarations } from './fromTerraform';
import { applyAppConfigDurations } from './appConfigDurations';
import { scenarioPipelineOf } from './scenarioPipelines';
import { reportsOfSynthesizedGroups } from './specReports';
import { alarmRecords } from './specWorld';

/**
 * Adds the pipelines of a spec applied while the scenario runs (a service created from a
 * template): its pipelines, alarms and report groups as `dpra synth` declares them, created `now`,
 * each with no history and its first execution starting `now` — from the initial commit, through
 * the phases, up to the manual approval, which waits for someone to decide, as a first deployment
 * does. Refuses a pipeline the world already serves; nothing is added then.
 *
 * @returns the names of the added pipelines
 * @public
 */
export function addSpecPipelines(
  world: World,
  declarations: SynthesizedDeclarations,
  now: Date,
): string[] {
  const served = new Set(world.pipelines.map(p => `${p.region}/${p.name}`));
  const taken = declarations.pipelines
    .map(p => `${p.region}/${p.declaration.name}`)
    .filter(key => served.has(key));
  if (taken.length > 0) {
    throw new Error(
      `the world already serves pipeline ${taken.join(
        ', ',
      )}; a changed spec of a served pipeline needs a restart`,
    );
  }
  const pipelines = declarations.pipelines.map(p => scenarioPipelineOf(p, now));
  applyAppConfigDurations(pipelines, declarations.appConfig ?? []);
  // The simulation reads alarm states through world.alarms, so they go in before anything runs.
  world.alarms.push(...alarmRecords(declarations, now));
  world.appConfig.push(...(declarations.appConfig ?? []));
  for (const pipeline of pipelines) {
    world.pipelines.push(pipeline);
    world.executions.set(pipeline.name, [
      world.simulation.start(
        pipeline,
        now,
        initialCommit(world, pipeline, now),
        {
          waitForApproval: true,
        },
      ),
    ]);
  }
  const { groups } = reportsOfSynthesizedGroups(
    declarations.reportGroups,
    pipelines,
    () => [],
    now,
    world.random,
  );
  world.reportGroups.push(...groups);
  return pipelines.map(p => p.name);
}

function initialCommit(world: World, pipeline: ScenarioPipeline, at: Date) {
  const sha = world.random.hex(40);
  return {
    actionName: ACTION.source,
    revisionId: sha,
    revisionSummary: JSON.stringify({
      ProviderType: 'GitHub',
      CommitMessage: 'Initial commit',
    }),
    revisionUrl: `https://github.com/${pipeline.repository}/commit/${sha}`,
    created: at,
  };
}
