import type { HttpHandler } from 'msw';
import {
  APPROVAL_TOKEN,
  actionExecutions,
  conventionalDeclaration,
  describeAlarms,
  executionSummaries,
  pipelineExecution,
  pipelineStateWithPendingApproval,
} from './fixtures';
import {
  AwsJsonAnswer,
  CLOUDWATCH_HOSTS,
  CODEPIPELINE_HOSTS,
  awsJsonHandler,
} from './awsJsonMsw';

/** A recorded AWS call. */
export interface AwsCall {
  operation: string;
  input: any;
  host: string;
}

/**
 * A small stateful AWS world for backend tests: one conventional pipeline whose manual approval
 * waits until PutApprovalResult answers it; faults can be injected per operation.
 */
export function createFakeAwsWorld() {
  const calls: AwsCall[] = [];
  const faults = new Map<string, AwsJsonAnswer>();
  let decided: { status: string; summary: string } | undefined;

  const fault = (operation: string) => faults.get(operation);

  const state = () => {
    const s = pipelineStateWithPendingApproval();
    if (decided) {
      const approval = s.stageStates.find(st => st.stageName === 'Approval')!;
      approval.actionStates[0].latestExecution = {
        actionExecutionId: 'approval-ae',
        status: decided.status === 'Approved' ? 'Succeeded' : 'Failed',
        lastStatusChange: s.created,
        summary: decided.summary,
      } as any;
      approval.latestExecution = {
        pipelineExecutionId: 'exec-0003',
        status: 'Succeeded',
      };
    }
    return s;
  };

  const handlers: HttpHandler[] = [
    awsJsonHandler(
      CODEPIPELINE_HOSTS,
      'CodePipeline_20150709',
      {
        GetPipeline: input =>
          fault('GetPipeline') ?? {
            body: {
              pipeline: { ...conventionalDeclaration, name: input.name },
              metadata: { pipelineArn: 'x' },
            },
          },
        GetPipelineState: input => {
          const f = fault('GetPipelineState');
          if (f) return f;
          if (input.name !== conventionalDeclaration.name) {
            return {
              error: {
                type: 'PipelineNotFoundException',
                message: `The pipeline ${input.name} was not found`,
                status: 400,
              },
            };
          }
          return { body: state() };
        },
        ListPipelineExecutions: () =>
          fault('ListPipelineExecutions') ?? { body: executionSummaries() },
        GetPipelineExecution: input =>
          fault('GetPipelineExecution') ?? {
            body: pipelineExecution(input.pipelineExecutionId),
          },
        ListActionExecutions: input =>
          fault('ListActionExecutions') ?? {
            body: actionExecutions(input.filter?.pipelineExecutionId),
          },
        ListPipelines: () => ({
          body: {
            pipelines: [{ name: conventionalDeclaration.name, version: 3 }],
          },
        }),
        ListTagsForResource: () => ({
          body: { tags: [{ key: 'team', value: 'orders' }] },
        }),
        PutApprovalResult: input => {
          const f = fault('PutApprovalResult');
          if (f) return f;
          if (decided) {
            return {
              error: {
                type: 'ApprovalAlreadyCompletedException',
                message: 'already completed',
                status: 400,
              },
            };
          }
          if (input.token !== APPROVAL_TOKEN) {
            return {
              error: {
                type: 'InvalidApprovalTokenException',
                message: 'invalid token',
                status: 400,
              },
            };
          }
          decided = {
            status: input.result.status,
            summary: input.result.summary,
          };
          return { body: { approvedAt: Date.now() / 1000 } };
        },
      },
      calls,
    ),
    awsJsonHandler(
      CLOUDWATCH_HOSTS,
      'GraniteServiceVersion20100801',
      {
        DescribeAlarms: input =>
          fault('DescribeAlarms') ?? {
            body: describeAlarms(input.AlarmNames ?? []),
          },
      },
      calls,
    ),
  ];

  return {
    handlers,
    calls,
    /** Makes every call of an operation answer with this error until cleared. */
    injectFault(
      operation: string,
      error: { type: string; message: string; status: number },
    ) {
      faults.set(operation, { error });
    },
    clearFaults() {
      faults.clear();
    },
    get decided() {
      return decided;
    },
    count(operation?: string) {
      return operation
        ? calls.filter(c => c.operation === operation).length
        : calls.length;
    },
  };
}
