import { AwsCall } from '../protocol/identifyAwsCall';
import {
  AwsScenario,
  AwsServiceError,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from '../scenario/types';
import { pipelineIn, requireString } from './codePipelineInput';
import { paginate } from './pagination';

/*
 * The execution reads of CodePipeline: ListPipelineExecutions, GetPipelineExecution and
 * ListActionExecutions, in the shapes of the API reference.
 */

/** ListPipelineExecutions, newest first, 100 a page. */
export function listPipelineExecutions(scenario: AwsScenario, call: AwsCall) {
  const input = call.input;
  const p = pipelineIn(scenario, call, requireString(input, 'pipelineName'));
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

/** GetPipelineExecution; PipelineExecutionNotFoundException for an unknown id. */
export function getPipelineExecution(scenario: AwsScenario, call: AwsCall) {
  const input = call.input;
  const p = pipelineIn(scenario, call, requireString(input, 'pipelineName'));
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

/** ListActionExecutions, optionally of one execution, newest first. */
export function listActionExecutions(scenario: AwsScenario, call: AwsCall) {
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
