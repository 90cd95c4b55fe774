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
import type { DeploymentWindowMode } from './specWorld';

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
  const declarations = await loadSpecDeclarations(
    specFilesIn(exampleSpecsDir()),
  );
  return createDpraScenario({
    ...scenarioOptions,
    world: {
      declarations,
      situations: situationsFor(
        declarations.pipelines.map(p => p.declaration.name),
      ),
      deploymentWindows,
    },
  });
}
