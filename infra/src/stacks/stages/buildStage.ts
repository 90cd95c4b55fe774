import { STAGE, findingsStampVariables } from '@dpra/pipeline-contract';
import type { Toolchain } from '../toolchain/Toolchain';
import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import type { BuildCheck } from './buildChecks';

/** Props of {@link buildStage}. @public */
export interface BuildStageProps {
  /** The action that builds the artifact, first in the stage. */
  readonly build: PipelineActionModel;
  /** The checks (from buildChecks.ts), in the order of their actions. */
  readonly checks: readonly BuildCheck[];
  /** Timeout of each check's project. @default '20m' */
  readonly timeout?: string;
}

/**
 * The `Build` stage of every kind: the build action, then one `Test` action per check, each
 * running its own CodeBuild project in parallel with the build. A check that imports findings
 * gets the findings stamp variables on its action.
 *
 * @public
 */
export function buildStage(
  toolchain: Toolchain,
  props: BuildStageProps,
): PipelineStageModel {
  return {
    name: STAGE.build,
    actions: [
      props.build,
      ...props.checks.map(check =>
        toolchain.buildAction(
          check.action,
          toolchain.project(check.suffix, {
            suffix: check.suffix,
            description: check.description,
            timeout: props.timeout,
            buildspec: check.buildspec,
            tokens: check.tokens,
          }),
          {
            category: 'Test',
            // The run's id exists only at run time: CodePipeline resolves it in the action's
            // configuration, which is why the stamp rides on the action and not the project.
            ...(check.importsFindings
              ? { env: findingsStampVariables(toolchain.name, check.action) }
              : {}),
          },
        ),
      ),
    ],
  };
}
