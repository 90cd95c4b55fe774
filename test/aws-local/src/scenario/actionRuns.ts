import type { SeededRandom } from './seededRandom';
import type { DurationScale } from './timing';
import type {
  ActionRun,
  PipelineExecutionRecord,
  ScenarioActionDefinition,
  ScenarioPipeline,
} from './pipelineRecords';

/**
 * A new run of an action at `at`, with what its provider reports about it: a manual approval's
 * fresh token, a build's or stack's external execution id, the source action's commit. Its
 * `endsAt` is unset for an approval that waits for a decision.
 */
export function startActionRun(
  def: ScenarioActionDefinition,
  pipeline: ScenarioPipeline,
  execution: PipelineExecutionRecord,
  random: SeededRandom,
  at: Date,
  durations: DurationScale,
): ActionRun {
  const actionRun: ActionRun = {
    actionName: def.name,
    actionExecutionId: random.uuid(),
    status: 'InProgress',
    startTime: at,
    lastUpdateTime: at,
  };
  if (def.actionTypeId.provider === 'Manual') {
    // AWS issues a fresh, unique token for every approval. Not from the seeded generator:
    // a restarted scenario replays the same world, and would re-issue tokens that a
    // backend's store already saw decided.
    actionRun.token = globalThis.crypto.randomUUID();
    actionRun.externalExecutionId = actionRun.token;
    if (!execution.plan.waitForApproval) {
      actionRun.endsAt = durations.endOf(
        at,
        execution.plan.approveAfterMinutes ?? 60,
      );
    }
    return actionRun;
  }
  // Durations vary a little run to run, as real builds and deploys do.
  const minutes = Math.max(1, def.durationMinutes + random.int(-1, 2));
  actionRun.endsAt = durations.endOf(at, minutes);
  if (def.actionTypeId.provider === 'CodeBuild') {
    actionRun.externalExecutionId = `${
      def.configuration.ProjectName
    }:${random.uuid()}`;
    actionRun.externalExecutionUrl = `https://console.aws.amazon.com/codesuite/codebuild/projects/${
      def.configuration.ProjectName
    }/build/${encodeURIComponent(actionRun.externalExecutionId)}`;
  } else if (def.actionTypeId.provider === 'CloudFormation') {
    actionRun.externalExecutionId = `arn:aws:cloudformation:${def.region}:${
      pipeline.accountId
    }:stack/${def.configuration.StackName}/${random.uuid()}`;
  } else if (def.actionTypeId.category === 'Source') {
    actionRun.externalExecutionId = execution.sourceRevision.revisionId;
    actionRun.summary = JSON.parse(
      execution.sourceRevision.revisionSummary,
    ).CommitMessage;
  }
  return actionRun;
}
