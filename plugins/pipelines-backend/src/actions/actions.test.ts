import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { APPROVAL_TOKEN, PIPELINE_ARN } from '../testing/fixtures';
import { startBackend } from '../testing/pluginTestBackend';

jest.setTimeout(60_000);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ENTITY_REF = 'component:default/orders-service';
const jane = mockCredentials.user('user:default/jane');

/** The plugin with its store filled by one refresh of the fake AWS world. */
async function refreshedBackend(options?: { denyDecide?: boolean }) {
  const backend = await startBackend(server, options);
  await backend.runTask('dpra-pipelines-entity-sync');
  await backend.runTask('dpra-pipelines-refresh');
  const invoke = (name: string, input: object, credentials = jane) =>
    backend.actionsRegistry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials,
    });
  return { ...backend, invoke };
}

describe('actions for AI tools', () => {
  it('registers the read actions as read-only and decide-approval as destructive', async () => {
    const { actionsRegistry } = await startBackend(server);
    const { actions } = await actionsRegistry.list();
    expect(
      Object.fromEntries(actions.map(a => [a.name, a.attributes.destructive])),
    ).toEqual({
      'get-entity-pipelines': false,
      'find-revision': false,
      'list-pending-approvals': false,
      'get-findings-summary': false,
      'get-delivery-metrics': false,
      'decide-approval': true,
      'retry-stage': true,
      'stop-execution': true,
      'rollback-stage': true,
      'set-stage-transition': true,
    });
    expect(actions.filter(a => a.attributes.readOnly).map(a => a.name)).toEqual(
      [
        'get-entity-pipelines',
        'find-revision',
        'list-pending-approvals',
        'get-findings-summary',
        'get-delivery-metrics',
      ],
    );
  });

  it('reads pipelines, revisions, the inbox, findings and metrics from the store, without AWS calls', async () => {
    const { invoke, world } = await refreshedBackend();
    const awsCalls = world.calls.length;

    const pipelines = (await invoke('get-entity-pipelines', {
      entityRef: ENTITY_REF,
    })) as any;
    expect(pipelines.output.pipelines).toEqual([
      expect.objectContaining({
        arn: PIPELINE_ARN,
        name: 'orders-service',
        latestExecution: { id: 'exec-0003', status: 'InProgress' },
        pendingApprovals: [
          expect.objectContaining({
            stageName: 'Approval',
            token: APPROVAL_TOKEN,
          }),
        ],
        stale: false,
      }),
    ]);
    expect(pipelines.output.canDecideApprovals).toBe(true);
    // The reference outside the configured targets is named, not hidden.
    expect(pipelines.output.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('999999999999/us-east-1/elsewhere'),
      ]),
    );

    const where = (await invoke('find-revision', {
      entityRef: ENTITY_REF,
      revision: 'abc1',
    })) as any;
    expect(where.output.executions).toEqual([
      expect.objectContaining({
        executionId: 'exec-0003',
        status: 'InProgress',
        revisionId: 'abc123',
        revisionSummary: 'Add refunds',
        stagesNow: expect.arrayContaining([
          { stageName: 'Approval', status: 'InProgress' },
        ]),
      }),
    ]);

    const inbox = (await invoke('list-pending-approvals', {})) as any;
    expect(inbox.output.approvals).toEqual([
      expect.objectContaining({
        entityRef: ENTITY_REF,
        pipelineArn: PIPELINE_ARN,
        token: APPROVAL_TOKEN,
        revisions: ['abc123: Add refunds'],
        promotes: expect.stringMatching(/^Prod-Wave1 \(wave 1\): /),
      }),
    ]);

    const findings = (await invoke('get-findings-summary', {
      entityRef: ENTITY_REF,
    })) as any;
    expect(findings.output.counts).toEqual(
      expect.objectContaining({ CRITICAL: expect.any(Number) }),
    );
    // The fake world serves no findings APIs: the summary says its figures are the last known ones.
    expect(findings.output.stale).toBe(true);
    expect(findings.output.staleReason).toEqual(expect.any(String));

    const metrics = (await invoke('get-delivery-metrics', {
      entityRef: ENTITY_REF,
    })) as any;
    expect(metrics.output).toEqual(
      expect.objectContaining({
        windowDays: 30,
        sampleSize: expect.any(Number),
      }),
    );

    expect(world.calls.length).toBe(awsCalls);

    await expect(
      invoke('get-entity-pipelines', { entityRef: 'component:default/nope' }),
    ).rejects.toThrow('No entity component:default/nope');
  });

  it('decides an approval once, audited, with the permission the REST route asks', async () => {
    const { invoke, world, audits, signals } = await refreshedBackend();
    const decision = {
      entityRef: ENTITY_REF,
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Approved',
      comment: 'asked my assistant',
    };
    signals.length = 0;
    const result = (await invoke('decide-approval', decision)) as any;
    expect(result.output).toEqual(
      expect.objectContaining({
        decision: 'Approved',
        decidedBy: 'user:default/jane',
        summary:
          'Approved in Backstage by user:default/jane: asked my assistant',
        outcome: 'sent',
      }),
    );
    await expect(invoke('decide-approval', decision)).rejects.toThrow(
      /^Already decided by user:default\/jane/,
    );
    expect(world.count('PutApprovalResult')).toBe(1);
    // Open tabs of the entity and every inbox are told to re-fetch, once for the one decision.
    expect(
      signals
        .filter(s => (s.message as any).reason === 'decision')
        .map(s => [s.channel, s.recipients]),
    ).toEqual([
      [`dpra-pipelines:${ENTITY_REF}`, { type: 'broadcast' }],
      ['dpra-pipelines:inbox', { type: 'broadcast' }],
    ]);
    expect(
      audits
        .filter(a => a.eventId === 'approval-decide')
        .map(a => [a.outcome, (a.meta as any).via, (a.meta as any).decidedBy]),
    ).toEqual([
      ['success', 'action', 'user:default/jane'],
      ['fail', 'action', 'user:default/jane'],
    ]);
    // The inbox no longer offers it.
    expect(
      ((await invoke('list-pending-approvals', {})) as any).output.approvals,
    ).toEqual([]);
  });

  it('refuses decisions the permission policy denies, and callers that are not users', async () => {
    const { invoke, world, audits } = await refreshedBackend({
      denyDecide: true,
    });
    const decision = {
      entityRef: ENTITY_REF,
      pipelineArn: PIPELINE_ARN,
      stageName: 'Approval',
      actionName: 'ManualApproval',
      token: APPROVAL_TOKEN,
      decision: 'Rejected',
    };
    await expect(invoke('decide-approval', decision)).rejects.toThrow(
      'user:default/jane may not decide approvals of component:default/orders-service (permission dpra.approval.decide)',
    );
    await expect(
      invoke('decide-approval', decision, mockCredentials.service() as any),
    ).rejects.toThrow('Approvals are decided by users');
    await expect(
      invoke(
        'stop-execution',
        {
          entityRef: ENTITY_REF,
          pipelineArn: PIPELINE_ARN,
          pipelineExecutionId: 'exec-0003',
          seenStatus: 'InProgress',
        },
        mockCredentials.service() as any,
      ),
    ).rejects.toThrow('Pipelines are operated by users');
    expect(world.count('PutApprovalResult')).toBe(0);
    expect(
      audits.filter(a => a.eventId === 'approval-decide').map(a => a.outcome),
    ).toEqual(['fail']);
    // Nothing to decide for this user: the inbox is empty.
    expect(
      ((await invoke('list-pending-approvals', {})) as any).output.approvals,
    ).toEqual([]);
  });
});
