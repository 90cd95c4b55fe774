import { AwsCall } from '../protocol/identifyAwsCall';
import {
  ActionRun,
  AwsScenario,
  AwsServiceError,
  ConditionRun,
  PipelineExecutionRecord,
  ScenarioPipeline,
  StageRun,
} from '../scenario/types';
import { paginate } from './pagination';

/**
 * CodePipeline (awsJson1_1, target prefix `CodePipeline_20150709`): the read operations the backend
 * uses and PutApprovalResult, answered in the shapes of the CodePipeline API reference.
 */
export function handleCodePipeline(
  scenario: AwsScenario,
  call: AwsCall,
): unknown {
  const input = call.input;
  switch (call.operation) {
    case 'ListPipelines':
      return listPipelines(scenario, call);
    case 'GetPipeline': {
      const p = pipelineIn(scenario, call, requireString(input, 'name'));
      return {
        pipeline: declaration(p),
        metadata: {
          pipelineArn: p.arn,
          created: p.created,
          updated: p.updated,
        },
      };
    }
    case 'GetPipelineState':
      return pipelineState(
        scenario,
        pipelineIn(scenario, call, requireString(input, 'name')),
      );
    case 'ListPipelineExecutions': {
      const p = pipelineIn(
        scenario,
        call,
        requireString(input, 'pipelineName'),
      );
      const page = paginate(
        scenario.executions(p.name),
        input.nextToken,
        input.maxResults,
        100,
        100,
      );
      return {
        pipelineExecutionSummaries: page.items.map(executionSummary),
        nextToken: page.nextToken,
      };
    }
    case 'GetPipelineExecution': {
      const p = pipelineIn(
        scenario,
        call,
        requireString(input, 'pipelineName'),
      );
      const id = requireString(input, 'pipelineExecutionId');
      const execution = scenario
        .executions(p.name)
        .find(e => e.pipelineExecutionId === id);
      if (!execution) {
        throw new AwsServiceError(
          'PipelineExecutionNotFoundException',
          `Pipeline execution ID ${id} does not exist in the pipeline ${p.name}`,
        );
      }
      return { pipelineExecution: pipelineExecution(p, execution) };
    }
    case 'ListActionExecutions':
      return listActionExecutions(scenario, call);
    case 'ListTagsForResource': {
      const arn = requireString(input, 'resourceArn');
      if (!/^arn:aws(-[a-z]+)*:codepipeline:/.test(arn)) {
        throw new AwsServiceError(
          'InvalidArnException',
          `The ARN ${arn} is not valid`,
        );
      }
      const p = scenario.pipelines().find(x => x.arn === arn);
      if (!p || p.region !== call.region) {
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `The resource with the ARN ${arn} was not found`,
        );
      }
      return { tags: p.tags };
    }
    case 'PutApprovalResult': {
      const p = pipelineIn(
        scenario,
        call,
        requireString(input, 'pipelineName'),
      );
      const result = input.result ?? {};
      if (result.status !== 'Approved' && result.status !== 'Rejected') {
        throw new AwsServiceError(
          'ValidationException',
          "1 validation error detected: Value at 'result.status' failed to satisfy constraint: Member must satisfy enum value set: [Rejected, Approved]",
        );
      }
      if (typeof result.summary !== 'string') {
        throw new AwsServiceError(
          'ValidationException',
          "1 validation error detected: Value null at 'result.summary' failed to satisfy constraint: Member must not be null",
        );
      }
      // ApprovalSummary is at most 512 characters; ApprovalToken is a UUID (API reference constraints).
      if (result.summary.length > 512) {
        throw new AwsServiceError(
          'ValidationException',
          "1 validation error detected: Value at 'result.summary' failed to satisfy constraint: Member must have length less than or equal to 512",
        );
      }
      if (
        !/^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/.test(
          String(input.token ?? ''),
        )
      ) {
        throw new AwsServiceError(
          'ValidationException',
          "1 validation error detected: Value at 'token' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}",
        );
      }
      return scenario.putApprovalResult({
        pipelineName: p.name,
        stageName: requireString(input, 'stageName'),
        actionName: requireString(input, 'actionName'),
        token: requireString(input, 'token'),
        status: result.status,
        summary: result.summary,
        decidedBy: call.accessKeyId
          ? `arn:aws:sts::${p.accountId}:assumed-role/backstage-dpra/${call.accessKeyId}`
          : undefined,
      });
    }
    default:
      throw new AwsServiceError(
        'UnknownOperationException',
        `Operation ${call.operation} is not supported by the local CodePipeline`,
      );
  }
}

function requireString(input: Record<string, any>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function pipelineIn(
  scenario: AwsScenario,
  call: AwsCall,
  name: string,
): ScenarioPipeline {
  const p = scenario
    .pipelines()
    .find(x => x.name === name && x.region === call.region);
  if (!p) {
    throw new AwsServiceError(
      'PipelineNotFoundException',
      `Account '${scenario.accountId}' does not have a pipeline with name '${name}'`,
    );
  }
  return p;
}

function listPipelines(scenario: AwsScenario, call: AwsCall) {
  const pipelines = scenario.pipelines().filter(p => p.region === call.region);
  const page = paginate(
    pipelines,
    call.input.nextToken,
    call.input.maxResults,
    1000,
    1000,
  );
  return {
    pipelines: page.items.map(p => ({
      name: p.name,
      version: p.version,
      pipelineType: p.pipelineType,
      executionMode: p.executionMode,
      created: p.created,
      updated: p.updated,
    })),
    nextToken: page.nextToken,
  };
}

function declaration(p: ScenarioPipeline) {
  if (p.declaration) return p.declaration;
  return {
    name: p.name,
    roleArn: p.roleArn,
    artifactStore: {
      type: 'S3',
      location: `codepipeline-${p.region}-${p.accountId}`,
    },
    stages: p.stages.map(stage => ({
      name: stage.name,
      actions: stage.actions.map(a => ({
        name: a.name,
        actionTypeId: a.actionTypeId,
        runOrder: a.runOrder,
        configuration: a.configuration,
        outputArtifacts: a.outputArtifacts ?? [],
        inputArtifacts: a.inputArtifacts ?? [],
        region: a.region,
        namespace: a.namespace,
      })),
      beforeEntry: stage.beforeEntry,
      onSuccess: stage.onSuccess,
      onFailure: stage.onFailure,
    })),
    version: p.version,
    executionMode: p.executionMode,
    pipelineType: p.pipelineType,
    triggers: [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: 'Source',
          push: [{ branches: { includes: ['main'] } }],
        },
      },
    ],
  };
}

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

function pipelineState(scenario: AwsScenario, p: ScenarioPipeline) {
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
        inboundTransitionState: { enabled: true },
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

function executionSummary(e: PipelineExecutionRecord) {
  return {
    pipelineExecutionId: e.pipelineExecutionId,
    status: e.status,
    statusSummary: e.statusSummary,
    startTime: e.startTime,
    lastUpdateTime: e.lastUpdateTime,
    sourceRevisions: [
      {
        actionName: e.sourceRevision.actionName,
        revisionId: e.sourceRevision.revisionId,
        revisionSummary: e.sourceRevision.revisionSummary,
        revisionUrl: e.sourceRevision.revisionUrl,
      },
    ],
    trigger: e.trigger,
    executionMode: e.executionMode,
    executionType: e.executionType,
    rollbackMetadata: e.rollbackTargetPipelineExecutionId
      ? {
          rollbackTargetPipelineExecutionId:
            e.rollbackTargetPipelineExecutionId,
        }
      : undefined,
  };
}

function pipelineExecution(p: ScenarioPipeline, e: PipelineExecutionRecord) {
  return {
    pipelineName: p.name,
    pipelineVersion: e.pipelineVersion,
    pipelineExecutionId: e.pipelineExecutionId,
    status: e.status,
    statusSummary: e.statusSummary,
    artifactRevisions: [
      {
        name: 'SourceOutput',
        revisionId: e.sourceRevision.revisionId,
        revisionSummary: e.sourceRevision.revisionSummary,
        created: e.sourceRevision.created,
        revisionUrl: e.sourceRevision.revisionUrl,
      },
    ],
    variables: [],
    trigger: e.trigger,
    executionMode: e.executionMode,
    executionType: e.executionType,
    rollbackMetadata: e.rollbackTargetPipelineExecutionId
      ? {
          rollbackTargetPipelineExecutionId:
            e.rollbackTargetPipelineExecutionId,
        }
      : undefined,
  };
}

function listActionExecutions(scenario: AwsScenario, call: AwsCall) {
  const p = pipelineIn(
    scenario,
    call,
    requireString(call.input, 'pipelineName'),
  );
  const filterId: string | undefined = call.input.filter?.pipelineExecutionId;
  const executions = scenario
    .executions(p.name)
    .filter(e => !filterId || e.pipelineExecutionId === filterId);
  if (filterId && executions.length === 0) {
    throw new AwsServiceError(
      'PipelineExecutionNotFoundException',
      `Pipeline execution ID ${filterId} does not exist in the pipeline ${p.name}`,
    );
  }
  const details = executions.flatMap(e =>
    e.stageRuns.flatMap(run =>
      run.actions.map(a => {
        const def = p.stages
          .find(s => s.name === run.stageName)!
          .actions.find(x => x.name === a.actionName)!;
        return {
          pipelineExecutionId: e.pipelineExecutionId,
          actionExecutionId: a.actionExecutionId,
          pipelineVersion: e.pipelineVersion,
          stageName: run.stageName,
          actionName: a.actionName,
          startTime: a.startTime,
          lastUpdateTime: a.lastUpdateTime,
          updatedBy: a.updatedBy,
          status: a.status,
          input: {
            actionTypeId: def.actionTypeId,
            configuration: def.configuration,
            resolvedConfiguration: def.configuration,
            region: def.region ?? p.region,
            inputArtifacts: (def.inputArtifacts ?? []).map(x => ({
              name: x.name,
            })),
            namespace: def.namespace,
          },
          output: {
            outputArtifacts: (def.outputArtifacts ?? []).map(x => ({
              name: x.name,
            })),
            // For manual approvals the external execution id is the approval token: the only place
            // a PARALLEL pipeline's pending token can be read.
            executionResult: {
              externalExecutionId: a.externalExecutionId,
              externalExecutionSummary: a.summary,
              externalExecutionUrl: a.externalExecutionUrl,
              errorDetails: a.errorDetails,
            },
            outputVariables: {},
          },
        };
      }),
    ),
  );
  details.sort(
    (a, b) =>
      b.startTime.getTime() - a.startTime.getTime() ||
      a.actionName.localeCompare(b.actionName),
  );
  const page = paginate(
    details,
    call.input.nextToken,
    call.input.maxResults,
    100,
    100,
  );
  return { actionExecutionDetails: page.items, nextToken: page.nextToken };
}
