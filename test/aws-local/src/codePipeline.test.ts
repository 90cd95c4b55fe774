import { ALARM, MANAGED_BY_DPRA, RULE, TAG } from '@dpra/pipeline-contract';
import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  PutApprovalResultCommand,
  StageState,
} from '@aws-sdk/client-codepipeline';
import {
  LOCAL_TEST_CREDENTIALS,
  withExampleScenarioServer,
} from './testing/withExampleScenarioServer';

const NOW = new Date('2026-11-23T15:00:00Z');
const aws = withExampleScenarioServer({
  now: () => NOW,
  afterEachTest: 'reset',
});

function client(region = 'us-east-1') {
  return new CodePipelineClient({
    region,
    credentials: LOCAL_TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

function stage(states: StageState[] | undefined, name: string): StageState {
  const found = states?.find(s => s.stageName === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

describe('CodePipeline over msw', () => {
  it('lists the pipelines of the called region only', async () => {
    const east = await client('us-east-1').send(new ListPipelinesCommand({}));
    // examples/specs: every toolchain in us-east-1 but the payments service's (eu-west-1).
    expect(east.pipelines?.map(p => p.name).sort()).toEqual(
      expect.arrayContaining([
        'base-ami',
        'orders-infra',
        'orders-service',
        'org-fleet',
      ]),
    );
    expect(east.pipelines?.map(p => p.name)).not.toContain('payments-service');
    expect(
      east.pipelines?.find(p => p.name === 'orders-infra')?.executionMode,
    ).toBe('PARALLEL');
    const west = await client('eu-west-1').send(new ListPipelinesCommand({}));
    expect(west.pipelines?.map(p => p.name)).toEqual(['payments-service']);
    expect(west.pipelines?.[0].created).toBeInstanceOf(Date);
  });

  it('returns the V2 definition with the naming convention, regions and stage conditions', async () => {
    const { pipeline, metadata } = await client().send(
      new GetPipelineCommand({ name: 'orders-service' }),
    );
    expect(metadata?.pipelineArn).toBe(
      'arn:aws:codepipeline:us-east-1:111111111111:orders-service',
    );
    expect(pipeline?.pipelineType).toBe('V2');
    // app-service.yaml leaves toolchain.executionMode at its default.
    expect(pipeline?.executionMode).toBe('QUEUED');
    expect(pipeline?.stages?.map(s => s.name)).toEqual([
      'Source',
      'Build',
      'Beta',
      'Gamma',
      'Approval',
      'Prod-Wave1',
      'Prod-Wave2',
      'Prod-Wave3',
    ]);
    const wave2 = pipeline!.stages!.find(s => s.name === 'Prod-Wave2')!;
    expect(wave2.actions?.map(a => [a.name, a.region, a.runOrder])).toEqual([
      ['OneBox-us-west-2', 'us-west-2', 1],
      ['Deploy-us-west-2', 'us-west-2', 2],
      ['OneBox-eu-west-1', 'eu-west-1', 1],
      ['Deploy-eu-west-1', 'eu-west-1', 2],
    ]);
    const [blockers] = wave2.beforeEntry!.conditions!;
    expect(blockers.result).toBe('FAIL');
    expect(blockers.rules?.map(r => r.ruleTypeId?.provider)).toEqual([
      'DeploymentWindow',
      'CloudWatchAlarm',
      'CloudWatchAlarm',
    ]);
    expect(blockers.rules?.[0].configuration).toEqual({
      Cron: '* * 9-16 ? * MON-THU *',
      TimeZone: 'UTC',
    });
    expect(blockers.rules?.[1]).toMatchObject({
      name: RULE.alarmBlocker('us-west-2'),
      region: 'us-west-2',
      configuration: {
        AlarmName: ALARM.entryBlockers('orders-service', 'prod', 'us-west-2'),
        AlarmStates: 'ALARM',
      },
    });
    const [bake] = wave2.onSuccess!.conditions!;
    expect(bake.result).toBe('ROLLBACK');
    expect(bake.rules?.[0].configuration?.WaitTime).toBe('180');
    expect(wave2.onFailure?.result).toBe('ROLLBACK');
    const wave1 = pipeline!.stages!.find(s => s.name === 'Prod-Wave1')!;
    expect(
      wave1.onSuccess?.conditions?.[0].rules?.[0].configuration?.WaitTime,
    ).toBe('720');
    const approval = pipeline!.stages!.find(s => s.name === 'Approval')!;
    expect(approval.actions?.[0].actionTypeId).toEqual({
      category: 'Approval',
      owner: 'AWS',
      provider: 'Manual',
      version: '1',
    });
  });

  it('reports the pending manual approval with its token and the stage condition states', async () => {
    const state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    const approval = stage(state.stageStates, 'Approval');
    expect(approval.latestExecution?.status).toBe('InProgress');
    const action = approval.actionStates?.[0];
    expect(action?.actionName).toBe('ManualApproval');
    expect(action?.latestExecution?.status).toBe('InProgress');
    expect(action?.latestExecution?.token).toBe(
      aws.scenario.pendingApprovalToken('orders-service'),
    );
    expect(action?.latestExecution?.token).toMatch(/^[0-9a-f-]{36}$/);

    const gamma = stage(state.stageStates, 'Gamma');
    expect(gamma.latestExecution?.status).toBe('Succeeded');
    expect(gamma.onSuccessConditionState?.latestExecution?.status).toBe(
      'Succeeded',
    );
    expect(
      gamma.onSuccessConditionState?.conditionStates?.[0].ruleStates?.map(
        r => r.ruleName,
      ),
    ).toEqual(['Bake-us-east-1', 'Bake-us-west-2']);
    // Production stages still show the previous execution, which went through all waves.
    const wave1 = stage(state.stageStates, 'Prod-Wave1');
    expect(wave1.latestExecution?.pipelineExecutionId).not.toBe(
      approval.latestExecution?.pipelineExecutionId,
    );
    expect(wave1.beforeEntryConditionState?.latestExecution?.status).toBe(
      'Succeeded',
    );
    expect(
      wave1.beforeEntryConditionState?.conditionStates?.[0].ruleStates?.[0]
        .latestExecution?.lastStatusChange,
    ).toBeInstanceOf(Date);
    const source = stage(state.stageStates, 'Source').actionStates?.[0];
    expect(source?.currentRevision?.revisionId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('shows a wave baking (onSuccess InProgress) for payments, in eu-west-1', async () => {
    const state = await client('eu-west-1').send(
      new GetPipelineStateCommand({ name: 'payments-service' }),
    );
    const wave1 = stage(state.stageStates, 'Prod-Wave1');
    expect(wave1.latestExecution?.status).toBe('InProgress');
    expect(
      wave1.actionStates?.every(a => a.latestExecution?.status === 'Succeeded'),
    ).toBe(true);
    expect(wave1.onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    await expect(
      client('us-east-1').send(
        new GetPipelineStateCommand({ name: 'payments-service' }),
      ),
    ).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
  });

  it('lists ~40 executions over 30 days with failures, rollbacks and source revisions', async () => {
    const page1 = await client().send(
      new ListPipelineExecutionsCommand({
        pipelineName: 'orders-service',
        maxResults: 10,
      }),
    );
    expect(page1.pipelineExecutionSummaries).toHaveLength(10);
    expect(page1.nextToken).toBeDefined();
    const page2 = await client().send(
      new ListPipelineExecutionsCommand({
        pipelineName: 'orders-service',
        maxResults: 10,
        nextToken: page1.nextToken,
      }),
    );
    expect(page2.nextToken).toBeUndefined();
    const all = [
      ...page1.pipelineExecutionSummaries!,
      ...page2.pipelineExecutionSummaries!,
    ];
    expect(all.map(e => e.pipelineExecutionId)).toEqual(
      aws.scenario.executions('orders-service').map(e => e.pipelineExecutionId),
    );
    // One every 50-70 hours over 30 days (the world spaces the third pipeline's runs so).
    const standard = all.filter(e => e.executionType === 'STANDARD');
    expect(standard.length).toBeGreaterThanOrEqual(10);
    expect(standard.length).toBeLessThanOrEqual(15);
    expect(all[0].status).toBe('InProgress');
    expect(
      all.filter(e => e.status === 'Failed').length,
    ).toBeGreaterThanOrEqual(3);
    const rollbacks = all.filter(e => e.executionType === 'ROLLBACK');
    expect(rollbacks.length).toBeGreaterThan(0);
    expect(
      rollbacks[0].rollbackMetadata?.rollbackTargetPipelineExecutionId,
    ).toBeDefined();
    const oldest = all[all.length - 1].startTime!;
    expect(NOW.getTime() - oldest.getTime()).toBeLessThanOrEqual(
      30 * 24 * 3600_000,
    );
    const succeeded = all.find(
      e => e.status === 'Succeeded' && e.executionType === 'STANDARD',
    )!;
    expect(succeeded.sourceRevisions?.[0].revisionId).toMatch(/^[0-9a-f]{40}$/);
    expect(
      JSON.parse(succeeded.sourceRevisions![0].revisionSummary!).ProviderType,
    ).toBe('GitHub');

    const detail = await client().send(
      new GetPipelineExecutionCommand({
        pipelineName: 'orders-service',
        pipelineExecutionId: succeeded.pipelineExecutionId,
      }),
    );
    const revision = detail.pipelineExecution?.artifactRevisions?.[0];
    expect(revision?.created!.getTime()).toBeLessThan(
      succeeded.startTime!.getTime(),
    );
  });

  it('gives the approval token of a PARALLEL pipeline through ListActionExecutions only', async () => {
    const state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-infra' }),
    );
    const approval = stage(state.stageStates, 'Approval').actionStates![0];
    expect(approval.latestExecution?.status).toBe('InProgress');
    expect(approval.latestExecution?.token).toBeUndefined();

    const executions = await client().send(
      new ListPipelineExecutionsCommand({
        pipelineName: 'orders-infra',
      }),
    );
    const running = executions.pipelineExecutionSummaries!.filter(
      e => e.status === 'InProgress',
    );
    expect(running).toHaveLength(2);
    const waiting = running[1];
    const actions = await client().send(
      new ListActionExecutionsCommand({
        pipelineName: 'orders-infra',
        filter: { pipelineExecutionId: waiting.pipelineExecutionId },
      }),
    );
    const manual = actions.actionExecutionDetails!.find(
      a => a.actionName === 'ManualApproval',
    )!;
    expect(manual.status).toBe('InProgress');
    expect(manual.input?.actionTypeId?.provider).toBe('Manual');
    const token = manual.output?.executionResult?.externalExecutionId;
    expect(token).toBe(aws.scenario.pendingApprovalToken('orders-infra'));

    await client().send(
      new PutApprovalResultCommand({
        pipelineName: 'orders-infra',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: {
          status: 'Approved',
          summary: 'Plan reviewed by user:default/jane',
        },
      }),
    );
    const after = await client().send(
      new GetPipelineExecutionCommand({
        pipelineName: 'orders-infra',
        pipelineExecutionId: waiting.pipelineExecutionId,
      }),
    );
    expect(after.pipelineExecution?.status).toBe('InProgress');
    const state2 = await client().send(
      new GetPipelineStateCommand({ name: 'orders-infra' }),
    );
    expect(stage(state2.stageStates, 'Prod-Wave1').latestExecution).toEqual({
      pipelineExecutionId: waiting.pipelineExecutionId,
      status: 'InProgress',
      type: 'STANDARD',
    });
  });

  it('lists the tags of a pipeline by ARN', async () => {
    const { tags } = await client().send(
      new ListTagsForResourceCommand({
        resourceArn:
          'arn:aws:codepipeline:us-east-1:111111111111:orders-service',
      }),
    );
    // app-service.yaml's tags and those the stacks put on every resource.
    expect(tags).toEqual([
      { key: 'cost-center', value: 'orders' },
      { key: TAG.managedBy, value: MANAGED_BY_DPRA },
      { key: TAG.pipeline, value: 'orders-service' },
      { key: TAG.service, value: 'orders-service' },
    ]);
    await expect(
      client().send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:codepipeline:us-east-1:111111111111:nope',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('approvals', () => {
  const approve = (
    token: string | undefined,
    status: 'Approved' | 'Rejected' = 'Approved',
  ) =>
    client().send(
      new PutApprovalResultCommand({
        pipelineName: 'orders-service',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: {
          status,
          summary: `${status} in Backstage by user:default/jane.doe`,
        },
      }),
    );

  it('approving starts Prod-Wave1 with the one-box first, then the bake, then Prod-Wave2', async () => {
    const token = aws.scenario.pendingApprovalToken('orders-service');
    const { approvedAt } = await approve(token);
    expect(approvedAt).toEqual(NOW);

    let state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    const decided = stage(state.stageStates, 'Approval').actionStates![0]
      .latestExecution!;
    expect(decided.status).toBe('Succeeded');
    expect(decided.summary).toBe(
      'Approved in Backstage by user:default/jane.doe',
    );
    expect(decided.token).toBeUndefined();
    let wave1 = stage(state.stageStates, 'Prod-Wave1');
    expect(wave1.latestExecution?.status).toBe('InProgress');
    expect(wave1.beforeEntryConditionState?.latestExecution?.status).toBe(
      'Succeeded',
    );
    const byName = Object.fromEntries(
      wave1.actionStates!.map(a => [a.actionName, a.latestExecution?.status]),
    );
    expect(byName['OneBox-us-east-1']).toBe('InProgress');
    // The full deploy has not started in this run: its state is still the previous execution's.
    expect(
      wave1
        .actionStates!.find(a => a.actionName === 'Deploy-us-east-1')!
        .latestExecution!.lastStatusChange!.getTime(),
    ).toBeLessThan(NOW.getTime());

    aws.scenario.advance(30);
    state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    wave1 = stage(state.stageStates, 'Prod-Wave1');
    expect(
      wave1.actionStates!.every(a => a.latestExecution?.status === 'Succeeded'),
    ).toBe(true);
    expect(wave1.onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    expect(wave1.latestExecution?.status).toBe('InProgress');

    aws.scenario.advance(720);
    state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    wave1 = stage(state.stageStates, 'Prod-Wave1');
    expect(wave1.latestExecution?.status).toBe('Succeeded');
    expect(wave1.onSuccessConditionState?.latestExecution?.status).toBe(
      'Succeeded',
    );
    expect(stage(state.stageStates, 'Prod-Wave2').latestExecution?.status).toBe(
      'InProgress',
    );
  });

  it('rejects a wrong token with InvalidApprovalTokenException', async () => {
    await expect(
      approve('00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({
      name: 'InvalidApprovalTokenException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('validates the token format and the summary length as the API reference constrains them', async () => {
    await expect(approve('not-a-uuid')).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const token = aws.scenario.pendingApprovalToken('orders-service');
    await expect(
      client().send(
        new PutApprovalResultCommand({
          pipelineName: 'orders-service',
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token,
          result: { status: 'Approved', summary: 'x'.repeat(513) },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(aws.scenario.pendingApprovalToken('orders-service')).toBe(token);
  });

  it('rejects a second decision with ApprovalAlreadyCompletedException', async () => {
    const token = aws.scenario.pendingApprovalToken('orders-service');
    await approve(token);
    await expect(approve(token)).rejects.toMatchObject({
      name: 'ApprovalAlreadyCompletedException',
    });
  });

  it('a rejection fails the stage and the execution', async () => {
    const token = aws.scenario.pendingApprovalToken('orders-service');
    await approve(token, 'Rejected');
    const state = await client().send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    const approval = stage(state.stageStates, 'Approval');
    expect(approval.latestExecution?.status).toBe('Failed');
    const execution = await client().send(
      new GetPipelineExecutionCommand({
        pipelineName: 'orders-service',
        pipelineExecutionId: approval.latestExecution!.pipelineExecutionId,
      }),
    );
    expect(execution.pipelineExecution?.status).toBe('Failed');
  });
});
