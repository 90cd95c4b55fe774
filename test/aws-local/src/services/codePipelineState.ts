import {
  ActionRun,
  AwsScenario,
  ConditionRun,
  PipelineExecutionRecord,
  ScenarioPipeline,
  StageRun,
} from '../scenario/types';

/*
 * GetPipelineState: each stage's latest run, its actions' latest executions (an action not reached
 * yet in the latest run shows its previous one) and its condition states.
 */

type StageRunOf = { execution: PipelineExecutionRecord; run: StageRun };

/** Runs of every stage over all executions, newest first (GetPipelineState reports the latest). */
function stageRunsByStage(executions: readonly PipelineExecutionRecord[]) {
  const byStage = new Map<string, StageRunOf[]>();
  for (const execution of executions) {
    for (const run of execution.stageRuns) {
      const list = byStage.get(run.stageName) ?? [];
      list.push({ execution, run });
      byStage.set(run.stageName, list);
    }
  }
  for (const list of byStage.values()) {
    list.sort((a, b) => b.run.startTime.getTime() - a.run.startTime.getTime());
  }
  return byStage;
}

function conditionState(run: ConditionRun | undefined) {
  if (!run) return undefined;
  return {
    latestExecution: { status: run.status, summary: run.summary },
    conditionStates: [
      {
        latestExecution: {
          status: run.status,
          summary: run.summary,
          lastStatusChange: run.lastStatusChange,
        },
        ruleStates: run.rules.map(rule => ({
          ruleName: rule.ruleName,
          latestExecution: {
            ruleExecutionId: rule.ruleExecutionId,
            status: rule.status,
            summary: rule.summary,
            lastStatusChange: rule.lastStatusChange,
          },
        })),
      },
    ],
  };
}

function actionExecution(action: ActionRun, withToken: boolean) {
  return {
    actionExecutionId: action.actionExecutionId,
    status: action.status,
    summary: action.summary,
    lastStatusChange: action.lastUpdateTime,
    token:
      withToken && action.status === 'InProgress' ? action.token : undefined,
    lastUpdatedBy: action.updatedBy,
    externalExecutionId: action.token ? undefined : action.externalExecutionId,
    externalExecutionUrl: action.externalExecutionUrl,
    percentComplete: action.percentComplete,
    errorDetails: action.errorDetails,
  };
}

/** GetPipelineState of a pipeline. */
export function pipelineState(scenario: AwsScenario, p: ScenarioPipeline) {
  const byStage = stageRunsByStage(scenario.executions(p.name));
  return {
    pipelineName: p.name,
    pipelineVersion: p.version,
    created: p.created,
    updated: p.updated,
    stageStates: p.stages.map(stage => {
      const runs = byStage.get(stage.name) ?? [];
      const latest = runs[0];
      return {
        stageName: stage.name,
        inboundTransitionState: scenario
          .pipelineControls()
          .inboundTransitionState(p.name, stage.name),
        actionStates: stage.actions.map(def => {
          // An action not reached yet in the latest stage run shows its previous execution.
          let found:
            | { execution: PipelineExecutionRecord; action: ActionRun }
            | undefined;
          for (const r of runs) {
            const action = r.run.actions.find(a => a.actionName === def.name);
            if (action) {
              found = { execution: r.execution, action };
              break;
            }
          }
          const state: Record<string, unknown> = {
            actionName: def.name,
            entityUrl: entityUrl(
              p,
              def.actionTypeId.provider,
              def.configuration,
            ),
          };
          if (found?.action) {
            // PARALLEL executions are independent: AWS does not surface one approval token per stage
            // there, callers read it from ListActionExecutions (externalExecutionId) instead.
            state.latestExecution = actionExecution(
              found.action,
              p.executionMode !== 'PARALLEL',
            );
            if (def.actionTypeId.category === 'Source') {
              state.currentRevision = {
                revisionId: found.execution.sourceRevision.revisionId,
                revisionChangeId: found.execution.sourceRevision.revisionId,
                created: found.execution.sourceRevision.created,
              };
              state.revisionUrl = found.execution.sourceRevision.revisionUrl;
            }
          }
          return state;
        }),
        latestExecution: latest
          ? {
              pipelineExecutionId: latest.execution.pipelineExecutionId,
              status: latest.run.status,
              type: latest.execution.executionType,
            }
          : undefined,
        beforeEntryConditionState: conditionState(latest?.run.beforeEntry),
        onSuccessConditionState: conditionState(latest?.run.onSuccess),
        onFailureConditionState: conditionState(latest?.run.onFailure),
      };
    }),
  };
}

function entityUrl(
  p: ScenarioPipeline,
  provider: string,
  configuration: Record<string, string>,
) {
  if (provider === 'CodeBuild') {
    return `https://console.aws.amazon.com/codebuild/home?region=${p.region}#/projects/${configuration.ProjectName}/view`;
  }
  if (provider === 'CodeStarSourceConnection') {
    return `https://github.com/${configuration.FullRepositoryId}/tree/${configuration.BranchName}`;
  }
  return undefined;
}
