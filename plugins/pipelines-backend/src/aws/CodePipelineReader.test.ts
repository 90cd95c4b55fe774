import { setupServer } from 'msw/node';
import { SdkCodePipelineReader } from './CodePipelineReader';
import { describeAwsError } from './describeAwsError';
import {
  ACCOUNT,
  APPROVAL_TOKEN,
  PIPELINE,
  conventionalDeclaration,
  executionSummaries,
  pipelineStateWithPendingApproval,
} from '../testing/fixtures';
import { CODEPIPELINE_HOSTS, awsJsonHandler } from '../testing/awsJsonMsw';
import { createTestAwsClients } from '../testing/awsClients';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const target = { accountId: ACCOUNT, region: 'us-east-1' };

function makeReader(
  options: { maxAttempts?: number; requestTimeoutMs?: number } = {},
) {
  return new SdkCodePipelineReader(
    createTestAwsClients({
      accountId: ACCOUNT,
      regions: ['us-east-1', 'eu-west-1'],
      ...options,
    }),
  );
}

describe('SdkCodePipelineReader', () => {
  it('reads the definition and a state with a pending approval token', async () => {
    const calls: Array<{ operation: string; input: any; host: string }> = [];
    server.use(
      awsJsonHandler(
        CODEPIPELINE_HOSTS,
        'CodePipeline_20150709',
        {
          GetPipeline: input => ({
            body: {
              pipeline: { ...conventionalDeclaration, name: input.name },
              metadata: {
                pipelineArn: `arn:aws:codepipeline:us-east-1:${ACCOUNT}:${input.name}`,
                created: 1700000000,
                updated: 1700000000,
              },
            },
          }),
          GetPipelineState: () => ({
            body: pipelineStateWithPendingApproval(),
          }),
        },
        calls,
      ),
    );
    const reader = makeReader();
    const { pipeline, metadata } = await reader.getPipeline(target, PIPELINE);
    expect(pipeline.stages?.map(s => s.name)).toContain('Prod-Wave2');
    expect(
      pipeline.stages?.[6].onSuccess?.conditions?.[0].rules?.[0].configuration
        ?.WaitTime,
    ).toBe('180');
    expect(metadata?.created).toBeInstanceOf(Date);

    const state = await reader.getPipelineState(target, PIPELINE);
    const approval = state.stageStates
      ?.find(s => s.stageName === 'Approval')
      ?.actionStates?.find(a => a.actionName === 'ManualApproval');
    expect(approval?.latestExecution?.status).toBe('InProgress');
    expect(approval?.latestExecution?.token).toBe(APPROVAL_TOKEN);
    const wave1 = state.stageStates?.find(s => s.stageName === 'Prod-Wave1');
    expect(wave1?.inboundTransitionState?.enabled).toBe(false);
    expect(
      wave1?.actionStates?.[0].latestExecution?.errorDetails?.message,
    ).toBe('UPDATE_ROLLBACK_COMPLETE');

    expect(calls.map(c => [c.operation, c.host])).toEqual([
      ['GetPipeline', 'codepipeline.us-east-1.amazonaws.com'],
      ['GetPipelineState', 'codepipeline.us-east-1.amazonaws.com'],
    ]);
  });

  it('follows nextToken pages of executions up to the requested number', async () => {
    const all = executionSummaries().pipelineExecutionSummaries;
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        ListPipelineExecutions: input => {
          const start = input.nextToken ? Number(input.nextToken) : 0;
          const page = all.slice(start, start + 1);
          return {
            body: {
              pipelineExecutionSummaries: page,
              nextToken: start + 1 < all.length ? String(start + 1) : undefined,
            },
          };
        },
      }),
    );
    const executions = await makeReader().listPipelineExecutions(
      target,
      PIPELINE,
      { maxResults: 2 },
    );
    expect(executions.map(e => [e.pipelineExecutionId, e.status])).toEqual([
      ['exec-0003', 'InProgress'],
      ['exec-0002', 'Failed'],
    ]);
    expect(executions[0].startTime?.toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );
    expect(executions[0].sourceRevisions?.[0].revisionSummary).toBe(
      'Add refunds',
    );
  });

  it('finds pipelines by tags with ListPipelines and ListTagsForResource', async () => {
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        ListPipelines: input =>
          input.nextToken
            ? {
                body: {
                  pipelines: [
                    { name: 'payments', version: 1, pipelineType: 'V2' },
                  ],
                },
              }
            : {
                body: {
                  pipelines: [
                    { name: 'orders-service', version: 3 },
                    { name: 'legacy' },
                  ],
                  nextToken: 'p2',
                },
              },
        ListTagsForResource: input => {
          const name = String(input.resourceArn).split(':').pop();
          const tags: Record<string, Array<{ key: string; value: string }>> = {
            'orders-service': [
              { key: 'team', value: 'orders' },
              { key: 'env', value: 'prod' },
            ],
            legacy: [{ key: 'team', value: 'orders' }],
            payments: [
              { key: 'team', value: 'payments' },
              { key: 'env', value: 'prod' },
            ],
          };
          return { body: { tags: tags[name!] ?? [] } };
        },
      }),
    );
    const found = await makeReader().findPipelinesByTags(target, {
      team: 'orders',
      env: 'prod',
    });
    expect(found).toEqual([
      {
        name: 'orders-service',
        arn: `arn:aws:codepipeline:us-east-1:${ACCOUNT}:orders-service`,
      },
    ]);
  });

  it('sends PutApprovalResult with the token and the summary', async () => {
    const calls: Array<{ operation: string; input: any; host: string }> = [];
    server.use(
      awsJsonHandler(
        CODEPIPELINE_HOSTS,
        'CodePipeline_20150709',
        { PutApprovalResult: () => ({ body: { approvedAt: 1763900000 } }) },
        calls,
      ),
    );
    const out = await makeReader().putApprovalResult(target, {
      pipelineName: PIPELINE,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      status: 'Approved',
      summary: 'Approved in Backstage by user:default/jane: looks good',
    });
    expect(out.approvedAt?.toISOString()).toBe(
      new Date(1763900000 * 1000).toISOString(),
    );
    expect(calls[0].input).toEqual({
      pipelineName: PIPELINE,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      result: {
        status: 'Approved',
        summary: 'Approved in Backstage by user:default/jane: looks good',
      },
    });
  });

  it('retries throttling adaptively, then gives up with a throttling error', async () => {
    let attempts = 0;
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineState: () => {
          attempts++;
          return {
            error: {
              type: 'ThrottlingException',
              message: 'Rate exceeded',
              status: 400,
            },
          };
        },
      }),
    );
    const error = await makeReader({ maxAttempts: 3 })
      .getPipelineState(target, PIPELINE)
      .catch(e => e);
    expect(attempts).toBe(3);
    expect(describeAwsError(error)).toEqual({
      kind: 'throttled',
      message:
        'CodePipeline GetPipelineState was throttled (ThrottlingException)',
    });
  });

  it('recovers when a 5xx is followed by success', async () => {
    let attempts = 0;
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineState: () =>
          ++attempts === 1
            ? {
                error: {
                  type: 'InternalFailure',
                  message: 'oops',
                  status: 500,
                },
              }
            : { body: pipelineStateWithPendingApproval() },
      }),
    );
    const state = await makeReader().getPipelineState(target, PIPELINE);
    expect(attempts).toBe(2);
    expect(state.pipelineName).toBe(PIPELINE);
  });

  it('reports a persistent 5xx as a server error', async () => {
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineState: () => ({
          error: {
            type: 'ServiceUnavailableException',
            message: 'down',
            status: 503,
          },
        }),
      }),
    );
    const error = await makeReader()
      .getPipelineState(target, PIPELINE)
      .catch(e => e);
    expect(describeAwsError(error).kind).toBe('server-error');
    expect(describeAwsError(error).message).toContain('503');
  });

  it('turns an endpoint that does not answer into a timeout', async () => {
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineState: () => ({
          delayMs: 1500,
          body: pipelineStateWithPendingApproval(),
        }),
      }),
    );
    const error = await makeReader({ maxAttempts: 1, requestTimeoutMs: 200 })
      .getPipelineState(target, PIPELINE)
      .catch(e => e);
    expect(describeAwsError(error).kind).toBe('timeout');
  });

  it('refuses accounts and regions outside config before any call', async () => {
    const calls: Array<{ operation: string; input: any; host: string }> = [];
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {}, calls),
    );
    const reader = makeReader();
    await expect(
      reader.getPipelineState(
        { accountId: '999999999999', region: 'us-east-1' },
        PIPELINE,
      ),
    ).rejects.toThrow('account 999999999999 is not in pipelines.aws.targets');
    await expect(
      reader.getPipelineState(
        { accountId: ACCOUNT, region: 'us-west-1' },
        PIPELINE,
      ),
    ).rejects.toThrow(
      'region us-west-1 of account 111111111111 is not in pipelines.aws.targets',
    );
    await expect(
      reader.getPipelineState(
        { ...target, roleArn: `arn:aws:iam::${ACCOUNT}:role/not-listed` },
        PIPELINE,
      ),
    ).rejects.toThrow('is not in pipelines.aws.allowedRoleArns');
    expect(calls).toEqual([]);
  });
});

describe('AwsTargetLimiter through the client factory', () => {
  it('bounds concurrent calls per account/region', async () => {
    let active = 0;
    let peak = 0;
    server.use(
      awsJsonHandler(CODEPIPELINE_HOSTS, 'CodePipeline_20150709', {
        GetPipelineState: async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise(resolve => setTimeout(resolve, 30));
          active--;
          return { body: pipelineStateWithPendingApproval() };
        },
      }),
    );
    const reader = makeReader();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        reader.getPipelineState(target, PIPELINE),
      ),
    );
    expect(peak).toBe(2);
  });
});
