import {
  createDpraScenario,
  type DpraScenarioOptions,
} from '../scenario/createDpraScenario';
import type { AwsScenario } from '../scenario/types';
import { situationsFor } from './exampleSituations';
import {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from './loadSpecs';
import type { DeploymentWindowMode, SpecWorldOptions } from './specWorld';

/**
 * The world of the repository's example specs (examples/specs): their synthesized pipelines,
 * alarms and report groups, 30 days of history and the example situations — what the local
 * portal serves, and what the backend's tests, the benchmark and the soak run against. Read the
 * facts from it (its pipelines, regions, account) instead of keeping copies of them.
 *
 * @public
 */
export async function createExampleScenario(
  options: Omit<DpraScenarioOptions, 'world'> & {
    deploymentWindows?: DeploymentWindowMode;
  } = {},
): Promise<AwsScenario> {
  const { deploymentWindows, ...scenarioOptions } = options;
  return createDpraScenario({
    ...scenarioOptions,
    world: { ...(await loadExampleWorld()), deploymentWindows },
  });
}

/**
 * What the example world is built from: the example specs' declarations and their situations.
 *
 * @public
 */
export async function loadExampleWorld(): Promise<SpecWorldOptions> {
  const declarations = await loadSpecDeclarations(
    specFilesIn(exampleSpecsDir()),
  );
  return {
    declarations,
    situations: situationsFor(
      declarations.pipelines.map(p => p.declaration.name),
    ),
  };
}
