import { AwsCall } from '../protocol/identifyAwsCall';
import {
  AwsScenario,
  AwsServiceError,
  ScenarioPipeline,
} from '../scenario/types';
import { putApprovalResult } from './codePipelineApproval';
import {
  getPipelineExecution,
  listActionExecutions,
  listPipelineExecutions,
} from './codePipelineExecutions';
import { pipelineIn, requireString } from './codePipelineInput';
import { pipelineState } from './codePipelineState';
import {
  CODEPIPELINE_CONTROL_OPERATIONS,
  handleCodePipelineControl,
} from './codePipelineControls';
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
    case 'ListPipelineExecutions':
      return listPipelineExecutions(scenario, call);
    case 'GetPipelineExecution':
      return getPipelineExecution(scenario, call);
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
    case 'PutApprovalResult':
      return putApprovalResult(scenario, call);
    default:
      if (CODEPIPELINE_CONTROL_OPERATIONS.has(call.operation)) {
        return handleCodePipelineControl(scenario, call);
      }
      throw new AwsServiceError(
        'UnknownOperationException',
        `Operation ${call.operation} is not supported by the local CodePipeline`,
      );
  }
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
