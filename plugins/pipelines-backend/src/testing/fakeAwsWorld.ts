import type { HttpHandler } from 'msw';
import {
  APPROVAL_TOKEN,
  actionExecutions,
  conventionalDeclaration,
  describeAlarmHistory,
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

/** Token of the second execution waiting at the approval of a PARALLEL pipeline. */
export const PARALLEL_APPROVAL_TOKEN = '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f';

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
export function createFakeAwsWorld(options: { parallel?: boolean } = {}) {
  const calls: AwsCall[] = [];
  const faults = new Map<string, AwsJsonAnswer>();
  let decided: { status: string; summary: string } | undefined;
  let decidedToken: string | undefined;

  // PARALLEL mode: two executions wait at the same approval at once; each approval action
  // execution carries its own token as the external execution id.
  const parallelApprovals = (executionId?: string) =>
    [
      { execution: 'exec-0003', token: APPROVAL_TOKEN },
      { execution: 'exec-0004', token: PARALLEL_APPROVAL_TOKEN },
    ]
      .filter(a => !executionId || a.execution === executionId)
      .filter(a => !(decided && a.token === decidedToken))
      .map(a => ({
        pipelineExecutionId: a.execution,
        actionExecutionId: `${a.execution}-approval`,
        pipelineVersion: 3,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        startTime: Date.parse('2026-11-23T10:00:00Z') / 1000,
        lastUpdateTime: Date.parse('2026-11-23T10:00:00Z') / 1000,
        status: 'InProgress',
        input: {
          actionTypeId: {
            category: 'Approval',
            owner: 'AWS',
            provider: 'Manual',
            version: '1',
          },
          configuration: {
            CustomData: 'Check the gamma dashboards before approving',
          },
        },
        output: { executionResult: { externalExecutionId: a.token } },
      }));

  /** Operations that never answer (until the faults are cleared), as a hung endpoint does. */
  const hangs = new Map<string, { afterApplying: boolean }>();
  const releaseHung: Array<() => void> = [];
  const hung = () =>
    new Promise<AwsJsonAnswer>(resolve =>
      releaseHung.push(() =>
        resolve({
          error: {
            type: 'ServiceUnavailableException',
            message: 'released',
            status: 503,
          },
        }),
      ),
    );
  const fault = (
    operation: string,
  ): AwsJsonAnswer | Promise<AwsJsonAnswer> | undefined =>
    hangs.get(operation)?.afterApplying === false
      ? hung()
      : faults.get(operation);

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
              pipeline: {
                ...conventionalDeclaration,
                name: input.name,
                executionMode: options.parallel
                  ? 'PARALLEL'
                  : conventionalDeclaration.executionMode,
              },
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
        ListPipelineExecutions: () => {
          const f = fault('ListPipelineExecutions');
          if (f) return f;
          const body = executionSummaries();
          if (options.parallel) {
            // A second execution started while the first waits at the approval.
            body.pipelineExecutionSummaries.unshift({
              ...body.pipelineExecutionSummaries[0],
              pipelineExecutionId: 'exec-0004',
              startTime: Date.parse('2026-11-23T09:30:00Z') / 1000,
              executionMode: 'PARALLEL',
            });
          }
          return { body };
        },
        GetPipelineExecution: input =>
          fault('GetPipelineExecution') ?? {
            body: pipelineExecution(input.pipelineExecutionId),
          },
        ListActionExecutions: input => {
          const f = fault('ListActionExecutions');
          if (f) return f;
          const executionId = input.filter?.pipelineExecutionId;
          if (
            options.parallel &&
            (!executionId || ['exec-0003', 'exec-0004'].includes(executionId))
          ) {
            return {
              body: { actionExecutionDetails: parallelApprovals(executionId) },
            };
          }
          return { body: actionExecutions(executionId) };
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
          const validTokens = options.parallel
            ? [APPROVAL_TOKEN, PARALLEL_APPROVAL_TOKEN]
            : [APPROVAL_TOKEN];
          if (!validTokens.includes(input.token)) {
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
          decidedToken = input.token;
          if (hangs.has('PutApprovalResult')) {
            // AWS took the decision, and the answer never arrives.
            return hung();
          }
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
        DescribeAlarmHistory: input =>
          fault('DescribeAlarmHistory') ?? {
            body: describeAlarmHistory(input.AlarmName),
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
    /**
     * Makes every call of an operation hang until the faults are cleared; with `afterApplying`
     * (PutApprovalResult only), the decision is applied first and only the answer hangs.
     */
    hang(operation: string, how: { afterApplying?: boolean } = {}) {
      hangs.set(operation, { afterApplying: how.afterApplying ?? false });
    },
    clearFaults() {
      faults.clear();
      hangs.clear();
      releaseHung.splice(0).forEach(release => release());
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
