import { setupServer } from 'msw/node';
import {
  ACCOUNT,
  APPROVAL_TOKEN,
  PIPELINE_ARN,
  describeAlarms,
} from './testing/fixtures';
import { CLOUDWATCH_HOSTS, awsJsonHandler } from './testing/awsJsonMsw';
import {
  PARALLEL_APPROVAL_TOKEN,
  createFakeAwsWorld,
} from './testing/fakeAwsWorld';
import {
  ENTITY,
  get,
  post,
  startBackend as startPluginBackend,
} from './testing/pluginTestBackend';

jest.setTimeout(60_000);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const startBackend = (
  options?: Parameters<typeof startPluginBackend>[1],
) => startPluginBackend(server, options);

/**
 * Runs the refresh until the entity's pipeline is stored. The fault tests cut refreshes at a short
 * deadline; on a loaded machine the first, healthy refresh can overrun it too, and a test that then
 * hangs AWS would start from a pipeline that was never read.
 */
async function refreshUntilStored(
  http: any,
  runTask: (id: string) => Promise<void>,
  entityUrl: string,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    await runTask('dpra-pipelines-refresh');
    const page = await get(http, `${entityUrl}/pipelines`);
    if ((page.body.pipelines ?? []).length > 0) return;
    await new Promise(resolve => setTimeout(resolve, 1100));
  }
  throw new Error(
    `${entityUrl}: the pipeline was not stored after 5 refreshes`,
  );
}

describe('pipelines backend plugin', () => {
  it('serves entity → pipelines → executions from the store, and approves once with an audit trail', async () => {
    const { http, world, runTask, audits, tasks } = await startBackend();
    expect([...tasks.keys()].sort()).toEqual([
      'dpra-pipelines-approval-reconcile',
      'dpra-pipelines-entity-sync',
      'dpra-pipelines-refresh',
    ]);

    const status = await get(http, '/api/pipelines/status');
    expect(status.body).toEqual({
      source: { kind: 'aws', label: 'AWS (1 account)' },
      targets: 3,
    });

    // Before any refresh: the entity is known, nothing was read from AWS for the viewer.
    const before = await get(http, `${ENTITY}/pipelines`);
    expect(before.status).toBe(200);
    expect(before.body.pipelines).toEqual([]);
    expect(before.body.problems).toEqual(
      expect.arrayContaining([
        {
          reference: '999999999999/us-east-1/elsewhere',
          message:
            'Refused: account 999999999999 is not in pipelines.aws.targets',
        },
        {
          reference: PIPELINE_ARN,
          message: expect.stringContaining('has not been read from AWS yet'),
        },
      ]),
    );
    expect(world.count()).toBe(0);

    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const afterRefreshCalls = world.count();
    expect(afterRefreshCalls).toBeGreaterThan(0);
    expect(world.calls.every(c => !c.host.includes('999999999999'))).toBe(true);

    // Many viewers: no AWS call per request.
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => get(http, `${ENTITY}/pipelines`)),
    );
    expect(world.count()).toBe(afterRefreshCalls);
    const body = responses[0].body;
    expect(body.source).toEqual({ kind: 'aws', label: 'AWS (1 account)' });
    expect(body.canDecideApprovals).toBe(true);
    expect(body.pipelines).toHaveLength(1);
    const pipeline = body.pipelines[0];
    expect(pipeline).toMatchObject({
      arn: PIPELINE_ARN,
      name: 'orders-service',
      accountId: ACCOUNT,
      region: 'us-east-1',
      executionMode: 'QUEUED',
      pipelineType: 'V2',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/orders-service/view?region=us-east-1',
      freshness: { stale: false, lastRefreshedAt: expect.any(String) },
      latestExecution: { id: 'exec-0003', status: 'InProgress' },
      pendingApprovals: [
        expect.objectContaining({
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token: APPROVAL_TOKEN,
          pipelineExecutionId: 'exec-0003',
          customData: 'Check the gamma dashboards before approving',
          externalEntityLink: 'https://example.com/dashboards/orders',
        }),
      ],
    });
    expect(pipeline.layout.waves.map((w: any) => w.stageName)).toEqual([
      'Prod-Wave1',
      'Prod-Wave2',
    ]);
    const wave1 = pipeline.stages.find((s: any) => s.name === 'Prod-Wave1');
    expect(wave1).toMatchObject({
      status: 'Failed',
      inboundTransitionEnabled: false,
      beforeEntryStatus: 'Failed',
      blockedReason: 'Deployment window closed',
    });
    const wave2 = pipeline.stages.find((s: any) => s.name === 'Prod-Wave2');
    expect(wave2).toMatchObject({
      onSuccessStatus: 'InProgress',
      bakeEndsAt: '2026-11-23T13:00:00.000Z',
    });
    const alarmsByName = Object.fromEntries(
      pipeline.alarms.map((a: any) => [a.name, a]),
    );
    expect(
      alarmsByName['orders-service-prod-eu-west-1-high-severity'],
    ).toMatchObject({ type: 'composite', state: 'ALARM', region: 'eu-west-1' });
    expect(
      alarmsByName['orders-service-prod-us-west-2-high-severity'],
    ).toMatchObject({ type: 'metric', state: 'OK' });
    expect(
      alarmsByName['orders-service-prod-ap-southeast-2-high-severity'],
    ).toMatchObject({
      state: 'UNKNOWN',
      stateReason:
        'Not read: region ap-southeast-2 of account 111111111111 is not in pipelines.aws.targets',
    });

    const history = await get(
      http,
      `${ENTITY}/alarm-history?${new URLSearchParams({
        pipelineArn: PIPELINE_ARN,
        region: 'eu-west-1',
        alarmName: 'orders-service-prod-eu-west-1-high-severity',
      })}`,
    );
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({
      complete: true,
      items: [
        {
          timestamp: '2026-11-23T09:30:00.000Z',
          oldState: 'OK',
          newState: 'ALARM',
          summary: 'Alarm updated from OK to ALARM',
          reason: 'Alarm rule evaluated to ALARM',
        },
      ],
    });
    // A region the targets do not allow is never read, so there is no history for it.
    const refused = await get(
      http,
      `${ENTITY}/alarm-history?${new URLSearchParams({
        pipelineArn: PIPELINE_ARN,
        region: 'ap-southeast-2',
        alarmName: 'orders-service-prod-ap-southeast-2-high-severity',
      })}`,
    );
    expect(refused.body).toMatchObject({ items: [], complete: true });
    expect(
      world.calls.filter(
        c =>
          c.operation === 'DescribeAlarmHistory' &&
          c.host.includes('ap-southeast-2'),
      ),
    ).toEqual([]);

    const executions = await get(http, `${ENTITY}/executions?limit=10`);
    expect(executions.status).toBe(200);
    expect(
      executions.body.executions.map((e: any) => [e.id, e.status]),
    ).toEqual([
      ['exec-0003', 'InProgress'],
      ['exec-0002', 'Failed'],
      ['exec-0001', 'Succeeded'],
    ]);
    expect(executions.body.executions[0].sourceRevisions[0]).toMatchObject({
      revisionId: 'abc123',
      revisionSummary: 'Add refunds',
    });

    const metrics = await get(http, `${ENTITY}/metrics?windowDays=30`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      windowDays: 30,
      deploymentFrequencyPerDay: expect.any(Number),
      sampleSize: expect.any(Number),
    });
    expect(metrics.body.series.deployments).toHaveLength(30);
    const scoped = await get(
      http,
      `${ENTITY}/metrics?windowDays=7&pipelineArn=${encodeURIComponent(
        PIPELINE_ARN,
      )}`,
    );
    expect(scoped.body).toMatchObject({
      windowDays: 7,
      pipelineArn: PIPELINE_ARN,
    });
    expect((await get(http, `${ENTITY}/metrics?windowDays=400`)).status).toBe(
      400,
    );
    const foreign = await get(
      http,
      `${ENTITY}/executions?pipelineArn=${encodeURIComponent(
        'arn:aws:codepipeline:us-east-1:111111111111:other',
      )}`,
    );
    expect(foreign.status).toBe(400);

    // The inbox lists the approval, with the revision and what approving promotes, from the store.
    const awsCallsBefore = world.calls.length;
    const inbox = await get(http, '/api/pipelines/approvals/pending');
    expect(inbox.status).toBe(200);
    expect(inbox.headers['server-timing']).toMatch(
      /^store;dur=[\d.]+, permissions;dur=[\d.]+$/,
    );
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/orders-service',
        pipelineArn: PIPELINE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: APPROVAL_TOKEN,
        pipelineExecutionId: 'exec-0003',
        promotes: expect.objectContaining({ stageName: 'Prod-Wave1' }),
        stale: false,
      }),
    ]);
    expect(world.calls.length).toBe(awsCallsBefore);

    // Approve.
    const approve = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
      comment: 'dashboards are green',
    });
    expect(approve.status).toBe(200);
    expect(approve.body).toEqual({
      decision: 'Approved',
      decidedBy: 'user:default/mock',
      decidedByName: 'Mock Person',
      decidedAt: expect.any(String),
      comment: 'dashboards are green',
      summary:
        'Approved in Backstage by Mock Person (user:default/mock): dashboards are green',
      outcome: 'sent',
    });
    const put = world.calls.filter(c => c.operation === 'PutApprovalResult');
    expect(put).toHaveLength(1);
    expect(put[0].input).toEqual({
      pipelineName: 'orders-service',
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      result: {
        status: 'Approved',
        summary:
          'Approved in Backstage by Mock Person (user:default/mock): dashboards are green',
      },
    });
    expect(audits.find(a => a.eventId === 'approval-decide')).toMatchObject({
      outcome: 'success',
      meta: {
        entityRef: 'component:default/orders-service',
        pipelineArn: PIPELINE_ARN,
        decision: 'Approved',
        decidedBy: 'user:default/mock',
      },
    });

    // A double submit does not approve twice.
    const again = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /^Already decided by Mock Person \(user:default\/mock\) at .*: approved; refresh to see the new state$/,
      ),
    });
    expect(world.count('PutApprovalResult')).toBe(1);
    expect(
      audits.filter(a => a.eventId === 'approval-decide').map(a => a.outcome),
    ).toEqual(['success', 'fail']);
    // A decided token leaves the inbox at once, before the next refresh.
    expect(
      (await get(http, '/api/pipelines/approvals/pending')).body.items,
    ).toEqual([]);

    // The refresh after the decision shows the approval as no longer pending.
    await new Promise(resolve => setTimeout(resolve, 200));
    const after = await get(http, `${ENTITY}/pipelines`);
    expect(after.body.pipelines[0].pendingApprovals).toEqual([]);
    // The decision stays with its execution once the approval is gone: who (by name), when, and
    // the comment as typed, never the summary sent to AWS.
    const decidedRuns = await get(http, `${ENTITY}/executions?limit=10`);
    expect(
      decidedRuns.body.executions.map((e: any) => [e.id, e.decisions]),
    ).toEqual([
      [
        'exec-0003',
        [
          {
            stageName: 'Approval',
            actionName: 'ManualApproval',
            decision: 'Approved',
            decidedBy: 'user:default/mock',
            decidedByName: 'Mock Person',
            decidedAt: approve.body.decidedAt,
            comment: 'dashboards are green',
            outcome: 'sent',
          },
        ],
      ],
      ['exec-0002', undefined],
      ['exec-0001', undefined],
    ]);
    // The definition is read again only when its version changes.
    expect(world.count('GetPipelineState')).toBeGreaterThanOrEqual(3);
    expect(world.count('GetPipeline')).toBe(1);
  });

  it('answers 409 for a stale token and for tokens AWS no longer accepts', async () => {
    const { http, world, runTask } = await startBackend();
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');

    const stale = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: 'an-old-token',
      decision: 'Rejected',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('no longer pending');
    expect(world.count('PutApprovalResult')).toBe(0);

    world.injectFault('PutApprovalResult', {
      type: 'InvalidApprovalTokenException',
      message: 'The approval token is invalid',
      status: 400,
    });
    const invalid = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
    });
    expect(invalid.status).toBe(409);
    expect(invalid.body.error.message).toContain(
      'approval token is no longer valid',
    );

    // Neither the attempt that was not sent nor AWS's refusal locks the token: once AWS accepts
    // it again, the decision goes through.
    world.clearFaults();
    const accepted = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.outcome).toBe('sent');
    expect(world.decided?.status).toBe('Approved');
  });

  const decision = {
    pipelineArn: PIPELINE_ARN,
    stageName: 'Approval',
    actionName: 'ManualApproval',
    token: APPROVAL_TOKEN,
    decision: 'Approved',
  };

  it('answers 503 within its deadline when AWS does not answer before sending, and releases the token', async () => {
    const { http, world, runTask } = await startBackend({
      approvalDeadlineSeconds: 0.5,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    world.hang('GetPipelineState');

    const startedAt = Date.now();
    const hung = await post(http, `${ENTITY}/approvals`, decision);
    // Generous: the point is "not two minutes".
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(hung.status).toBe(503);
    expect(hung.body.error.message).toContain(
      'AWS did not answer; your decision was not sent; try again (CodePipeline did not answer within 0.5 s (GetPipelineState))',
    );
    expect(world.count('PutApprovalResult')).toBe(0);

    world.clearFaults();
    const retried = await post(http, `${ENTITY}/approvals`, decision);
    expect(retried.status).toBe(200);
    expect(world.count('PutApprovalResult')).toBe(1);
  });

  it('answers 202 when PutApprovalResult gets no answer, and reconciles the outcome with AWS', async () => {
    const { http, world, runTask } = await startBackend({
      approvalDeadlineSeconds: 0.5,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');

    // AWS never answers and did not take the decision: reconciliation releases the token.
    world.hang('PutApprovalResult');
    const unknown = await post(http, `${ENTITY}/approvals`, decision);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toMatchObject({
      outcome: 'unknown',
      message: expect.stringContaining('will be reconciled'),
    });
    // In flight: a second attempt is refused before anything is sent.
    expect((await post(http, `${ENTITY}/approvals`, decision)).status).toBe(
      409,
    );
    expect(world.count('PutApprovalResult')).toBe(1);
    world.clearFaults();
    // Reconciliation settles rows whose deadline passed twice over.
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-approval-reconcile');

    // AWS takes the decision and its answer is lost: reconciliation records it.
    world.hang('PutApprovalResult', { afterApplying: true });
    const taken = await post(http, `${ENTITY}/approvals`, decision);
    expect(taken.status).toBe(202);
    expect(world.decided?.status).toBe('Approved');
    world.clearFaults();
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-approval-reconcile');
    const again = await post(http, `${ENTITY}/approvals`, decision);
    expect(again.status).toBe(409);
    // Sent once per attempt that went out; never a third time.
    expect(world.count('PutApprovalResult')).toBe(2);
  });

  it('refuses decisions the permission policy denies, and bad input', async () => {
    const { http, world, runTask, audits } = await startBackend({
      denyDecide: true,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const page = await get(http, `${ENTITY}/pipelines`);
    expect(page.body.canDecideApprovals).toBe(false);

    const denied = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
    // The inbox lists only what the caller may decide.
    expect(
      (await get(http, '/api/pipelines/approvals/pending')).body.items,
    ).toEqual([]);
    expect(world.count('PutApprovalResult')).toBe(0);
    expect(audits.find(a => a.eventId === 'approval-decide')).toMatchObject({
      outcome: 'fail',
      error: expect.stringContaining('NotAllowedError'),
    });

    const bad = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: 'not-an-arn',
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: 't',
      decision: 'Maybe',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');

    const unknown = await get(
      http,
      '/api/pipelines/entities/component/default/nope/pipelines',
    );
    expect(unknown.status).toBe(404);
  });

  it('keeps the last known state and marks it stale when AWS throttles', async () => {
    const { http, world, runTask } = await startBackend({
      hotIntervalSeconds: 1,
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const callsAfterFirstRefresh = world.count();
    world.injectFault('GetPipelineState', {
      type: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400,
    });
    // Not due yet: nothing is called.
    await runTask('dpra-pipelines-refresh');
    expect(world.count()).toBe(callsAfterFirstRefresh);
    // An execution is in progress, so the pipeline is hot: due again after the hot interval.
    expect((await post(http, `${ENTITY}/refresh`)).status).toBe(202);
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');
    expect(world.count('GetPipelineState')).toBeGreaterThan(1);
    const page = await get(http, `${ENTITY}/pipelines`);
    expect(page.body.pipelines).toHaveLength(1);
    expect(page.body.pipelines[0].pendingApprovals).toHaveLength(1);
    expect(page.body.pipelines[0].freshness).toEqual({
      stale: true,
      lastRefreshedAt: expect.any(String),
      staleReason:
        'Last refresh failed: CodePipeline GetPipelineState was throttled (ThrottlingException)',
    });
  });
});

describe('pipelines backend plugin with a hung AWS endpoint', () => {
  it('ends a refresh at its deadline, serves the last known state stale naming the call, and recovers', async () => {
    const { http, world, runTask } = await startBackend({
      hotIntervalSeconds: 1,
      // Long enough for the first, healthy refresh to read everything on a loaded machine (at
      // 0.5 s it missed the deadline under the whole suite), short enough to show the cut.
      refreshDeadlineSeconds: 3,
    });
    await runTask('dpra-pipelines-entity-sync');
    await refreshUntilStored(http, runTask, ENTITY);
    world.hang('GetPipelineState');
    await new Promise(resolve => setTimeout(resolve, 1100));
    const startedAt = Date.now();
    await runTask('dpra-pipelines-refresh');
    // Generous: the point is that the hung call does not hold the refresh for minutes.
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    const page = await get(http, `${ENTITY}/pipelines`);
    expect(page.body.pipelines).toHaveLength(1);
    expect(page.body.pipelines[0].pendingApprovals).toHaveLength(1);
    expect(page.body.pipelines[0].freshness).toEqual({
      stale: true,
      lastRefreshedAt: expect.any(String),
      staleReason:
        'Last refresh failed: CodePipeline did not answer within 3 s (GetPipelineState)',
    });

    // The next refresh after the fault clears is not held up by the hung call.
    world.clearFaults();
    await new Promise(resolve => setTimeout(resolve, 1100));
    await runTask('dpra-pipelines-refresh');
    const recovered = await get(http, `${ENTITY}/pipelines`);
    expect(recovered.body.pipelines[0].freshness).toEqual({
      stale: false,
      lastRefreshedAt: expect.any(String),
    });
  });
});

describe('pipelines backend plugin refreshing while a refresh hangs', () => {
  it('takes events at once and turns those during a hung refresh into one follow-up refresh', async () => {
    const topic = 'aws.sqs.pipeline-events';
    const { http, world, runTask, events } = await startBackend({
      eventsTopic: topic,
      refreshDeadlineSeconds: 2,
    });
    await runTask('dpra-pipelines-entity-sync');
    await refreshUntilStored(http, runTask, ENTITY);
    const stateChange = () =>
      events.publish({
        topic,
        eventPayload: {
          source: 'aws.codepipeline',
          'detail-type': 'CodePipeline Stage Execution State Change',
          resources: [PIPELINE_ARN],
          detail: { pipeline: 'orders-service', state: 'SUCCEEDED' },
        },
      });
    const until = async (condition: () => Promise<boolean> | boolean) => {
      for (let i = 0; i < 100 && !(await condition()); i++) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      return condition();
    };
    const freshness = async () =>
      (await get(http, `${ENTITY}/pipelines`)).body.pipelines[0].freshness;

    // An event starts a refresh, which hangs in GetPipelineState until its deadline (2 s).
    world.hang('GetPipelineState');
    const before = world.count('GetPipelineState');
    await stateChange();
    expect(await until(() => world.count('GetPipelineState') > before)).toBe(
      true,
    );
    // Two more events meanwhile are taken at once, not held up by the hung refresh.
    const startedAt = Date.now();
    await stateChange();
    await stateChange();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(await until(async () => (await freshness()).stale)).toBe(true);

    // AWS answers again: the events during the hang are one refresh now, not at the interval …
    world.clearFaults();
    const reads = world.count('GetPipelineState');
    await runTask('dpra-pipelines-refresh');
    expect(world.count('GetPipelineState')).toBe(reads + 1);
    expect(await freshness()).toEqual({
      stale: false,
      lastRefreshedAt: expect.any(String),
    });
    // … and only one: nothing is due again before the interval.
    await runTask('dpra-pipelines-refresh');
    expect(world.count('GetPipelineState')).toBe(reads + 1);
  });
});

describe('pipelines backend plugin reading alarm history', () => {
  it('stops reading the history of a change CloudWatch wrote no item for after one more refresh, whatever the clocks say', async () => {
    const { runTask } = await startBackend({ hotIntervalSeconds: 1 });
    // Alarms whose last change carries a time ahead of this machine's clock (as a local AWS with a
    // fast clock gives) and a history without an item for it.
    const historyReads: string[] = [];
    server.use(
      awsJsonHandler(CLOUDWATCH_HOSTS, 'GraniteServiceVersion20100801', {
        DescribeAlarms: input => {
          const body = describeAlarms(input.AlarmNames ?? []);
          for (const alarm of [...body.MetricAlarms, ...body.CompositeAlarms]) {
            alarm.StateUpdatedTimestamp =
              Date.parse('2030-01-01T00:00:00Z') / 1000;
          }
          return { body };
        },
        DescribeAlarmHistory: input => {
          historyReads.push(input.AlarmName);
          return { body: { AlarmHistoryItems: [] } };
        },
      }),
    );
    await runTask('dpra-pipelines-entity-sync');
    const refresh = async () => {
      const before = historyReads.length;
      await runTask('dpra-pipelines-refresh');
      await new Promise(resolve => setTimeout(resolve, 1100));
      return historyReads.slice(before);
    };
    const rounds: string[][] = [];
    for (let i = 0; i < 6; i++) rounds.push(await refresh());
    // At most 5 alarms per refresh; each alarm read twice (seen, then seen unchanged); then none.
    expect(Math.max(...rounds.map(r => r.length))).toBeLessThanOrEqual(5);
    const perAlarm = new Map<string, number>();
    for (const name of rounds.flat()) {
      perAlarm.set(name, (perAlarm.get(name) ?? 0) + 1);
    }
    expect(perAlarm.size).toBeGreaterThan(0);
    expect([...new Set(perAlarm.values())]).toEqual([2]);
    expect(rounds[rounds.length - 1]).toEqual([]);
  });
});

describe('pipelines backend plugin with a Backstage events topic', () => {
  /** Waits until `check` holds (the refresh after an event runs in the background). */
  async function eventually(check: () => boolean | Promise<boolean>) {
    for (let i = 0; i < 250 && !(await check()); i++) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    return check();
  }

  it('refreshes at once the pipelines that EventBridge state changes published on the topic name', async () => {
    const { http, world, runTask, events } = await startBackend({
      eventsTopic: 'aws.sqs.pipeline-events',
    });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    const states = () => world.count('GetPipelineState');
    const before = states();
    /** When the pipeline's last refresh ended, as served. */
    const lastRefreshedAt = async () =>
      (await get(http, `${ENTITY}/pipelines`)).body.pipelines[0].freshness
        .lastRefreshedAt;
    const firstRefreshedAt = await lastRefreshedAt();

    // An event about a pipeline no entity references changes nothing.
    await events.publish({
      topic: 'aws.sqs.pipeline-events',
      eventPayload: {
        source: 'aws.codepipeline',
        'detail-type': 'CodePipeline Pipeline Execution State Change',
        resources: [
          'arn:aws:codepipeline:us-east-1:111111111111:someone-elses-pipeline',
        ],
        detail: { pipeline: 'someone-elses-pipeline', state: 'STARTED' },
      },
    });
    // As the AWS SQS events module publishes it: the message body, parsed.
    await events.publish({
      topic: 'aws.sqs.pipeline-events',
      eventPayload: {
        version: '0',
        source: 'aws.codepipeline',
        account: '111111111111',
        region: 'us-east-1',
        'detail-type': 'CodePipeline Stage Execution State Change',
        resources: [PIPELINE_ARN],
        detail: {
          pipeline: 'orders-service',
          stage: 'Prod-Wave1',
          state: 'SUCCEEDED',
        },
      },
    });
    expect(await eventually(() => states() === before + 1)).toBe(true);
    // An event during a refresh only makes the pipeline due again (the refresh holds its lease):
    // the next event comes once this refresh ended.
    expect(
      await eventually(
        async () => (await lastRefreshedAt()) !== firstRefreshedAt,
      ),
    ).toBe(true);
    expect(states()).toBe(before + 1);
    expect(
      world.calls.some(c => JSON.stringify(c.input).includes('someone-elses')),
    ).toBe(false);

    // An alarm event, as text: the pipelines watching the alarm refresh.
    await events.publish({
      topic: 'aws.sqs.pipeline-events',
      eventPayload: JSON.stringify({
        source: 'aws.cloudwatch',
        account: '111111111111',
        region: 'eu-west-1',
        'detail-type': 'CloudWatch Alarm State Change',
        resources: [
          'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:orders-service-prod-eu-west-1-high-severity',
        ],
        detail: {
          alarmName: 'orders-service-prod-eu-west-1-high-severity',
          state: { value: 'OK' },
          previousState: { value: 'ALARM' },
        },
      }),
    });
    expect(await eventually(() => states() === before + 2)).toBe(true);
  });
});

describe('pipelines backend plugin with a PARALLEL pipeline', () => {
  it('takes every waiting approval from ListActionExecutions and decides the chosen one', async () => {
    const world = createFakeAwsWorld({ parallel: true });
    const { http, runTask } = await startBackend({ world });
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');

    const page = await get(http, `${ENTITY}/pipelines`);
    const pipeline = page.body.pipelines[0];
    expect(pipeline.executionMode).toBe('PARALLEL');
    expect(
      pipeline.pendingApprovals.map((a: any) => [
        a.pipelineExecutionId,
        a.token,
      ]),
    ).toEqual([
      ['exec-0004', PARALLEL_APPROVAL_TOKEN],
      ['exec-0003', APPROVAL_TOKEN],
    ]);

    const decided = await post(http, `${ENTITY}/approvals`, {
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: PARALLEL_APPROVAL_TOKEN,
      decision: 'Rejected',
      comment: 'not this one',
    });
    expect(decided.status).toBe(200);
    const put = world.calls.filter(c => c.operation === 'PutApprovalResult');
    expect(put.map(c => c.input.token)).toEqual([PARALLEL_APPROVAL_TOKEN]);
    expect(put[0].input.result).toEqual({
      status: 'Rejected',
      summary:
        'Rejected in Backstage by Mock Person (user:default/mock): not this one',
    });
    // The verification used ListActionExecutions, not the single token of GetPipelineState.
    const verify = world.calls.filter(
      c => c.operation === 'ListActionExecutions' && !c.input.filter,
    );
    expect(verify).toHaveLength(1);
  });
});
