import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import type { ScenarioPipeline } from '../scenario/types';
import type { SynthesizedAppConfigApplication } from './appConfigFromTerraform';

/**
 * A configuration pipeline's deploy action waits for its AppConfig deployment (appConfigCommands:
 * StartDeployment, then GetDeployment until COMPLETE or ROLLED_BACK), so it runs as long as the
 * strategy it names says: a minute to store the version and start, the deployment duration, and
 * the final bake. Sets that as the action's simulated duration, so that the deployment AppConfig
 * reports fits the action's run (see appConfigDeployments); other actions are left as they are.
 */
export function applyAppConfigDurations(
  pipelines: readonly ScenarioPipeline[],
  applications: readonly SynthesizedAppConfigApplication[],
): void {
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      for (const action of stage.actions) {
        const env = readCodeBuildEnvironmentVariables(action.configuration);
        if (!env.APPCONFIG_STRATEGY) continue;
        const region = env.TARGET_REGION ?? action.region ?? pipeline.region;
        const strategy = applications
          .find(
            a => a.region === region && a.name === env.APPCONFIG_APPLICATION,
          )
          ?.strategies.find(s => s.name === env.APPCONFIG_STRATEGY);
        if (!strategy) continue;
        action.durationMinutes =
          1 +
          strategy.deploymentDurationInMinutes +
          strategy.finalBakeTimeInMinutes;
      }
    }
  }
}
