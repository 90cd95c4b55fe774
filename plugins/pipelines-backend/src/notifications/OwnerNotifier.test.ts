import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { PipelineStores } from '../store';
import {
  STORE_ARN,
  STORE_ENTITY,
  approvalLayout,
  createTestDatabases,
  createTestStores,
  referencePipeline,
  storeLocation,
  testSnapshot,
} from '../testing/stores';
import { createOwnerNotifier } from './OwnerNotifier';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-12-02T11:00:00.000Z');
const minutesAgo = (m: number) =>
  new Date(NOW.getTime() - m * 60_000).toISOString();

const approval = {
  pipelineArn: STORE_ARN,
  stageName: 'Approval',
  actionName: 'ManualApproval',
  token: 'tok-1',
  pipelineExecutionId: 'e1',
  expiresAt: '2026-12-09T11:00:00.000Z',
};

/** Two replicas' notifiers on one database, and what each sent. */
function replicas(stores: PipelineStores, fail?: { times: number }) {
  const sent: NotificationSendOptions[] = [];
  const make = () =>
    createOwnerNotifier({
      store: stores.ownerNotifications,
      snapshots: stores.snapshotWriter,
      decisions: stores.approvalDecisions,
      notifications: {
        send: async options => {
          if (fail && fail.times > 0) {
            fail.times -= 1;
            throw new Error('notifications backend unavailable');
          }
          sent.push(options);
        },
      },
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
  return { a: make(), b: make(), sent };
}

/** Saves the snapshot (as the refresh does), then both replicas see it at once. */
async function refreshBoth(
  stores: PipelineStores,
  r: ReturnType<typeof replicas>,
  overrides: Parameters<typeof testSnapshot>[0],
) {
  const snapshot = testSnapshot({ layout: approvalLayout, ...overrides });
  await stores.snapshotWriter.savePipelineSnapshot(snapshot);
  await Promise.all([r.a.afterSnapshot(snapshot), r.b.afterSnapshot(snapshot)]);
}

describe.each(databases.eachSupportedId())(
  'owner notifications on %p',
  databaseId => {
    it('notifies the owners once of a new approval, and updates it once when it is decided', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      const r = replicas(stores);

      await refreshBoth(stores, r, { pendingApprovals: [approval] });
      await refreshBoth(stores, r, { pendingApprovals: [approval] });
      expect(r.sent).toHaveLength(1);
      const [started] = r.sent;
      expect(started.recipients).toEqual({
        type: 'entity',
        entityRef: [STORE_ENTITY],
      });
      expect(started.payload).toMatchObject({
        title: 'Approval waiting: Approval of orders-service',
        link: '/approvals',
        severity: 'high',
        topic: 'Pipeline approvals',
        scope: expect.stringMatching(/^dpra-pipelines:approval:[0-9a-f]{40}$/),
      });
      // What approving promotes, from the stored layout; the revision from the stored execution.
      expect(started.payload.description).toBe(
        'a waits for approval in Approval of orders-service (component:default/orders). Approving promotes it to Prod-Wave1 (us-east-1, eu-west-1). It expires at 2026-12-09T11:00:00.000Z.',
      );

      const id = await stores.approvalDecisions.insertApprovalDecision({
        entityRef: STORE_ENTITY,
        pipelineArn: STORE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
        decision: 'Approved',
        summary: 'Approved in Backstage by Jane Doe',
        decidedBy: 'user:default/jane',
        decidedByName: 'Jane Doe',
        decidedAt: new Date('2026-12-02T10:59:00.000Z'),
      });
      await stores.approvalDecisions.completeApprovalDecision(id, {
        outcome: 'succeeded',
        completedAt: NOW,
      });
      await refreshBoth(stores, r, { pendingApprovals: [] });
      await refreshBoth(stores, r, { pendingApprovals: [] });
      expect(r.sent).toHaveLength(2);
      expect(r.sent[1].recipients).toEqual(started.recipients);
      expect(r.sent[1].payload).toMatchObject({
        scope: started.payload.scope,
        title: 'Approval approved: Approval of orders-service',
        description:
          'Approved by Jane Doe (user:default/jane) at 2026-12-02T10:59:00.000Z.',
        severity: 'low',
        link: '/approvals',
      });
    });

    it('says an approval expired when it is gone undecided past its expiry', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      const r = replicas(stores);
      const expiring = { ...approval, expiresAt: minutesAgo(1) };
      await refreshBoth(stores, r, { pendingApprovals: [expiring] });
      await refreshBoth(stores, r, { pendingApprovals: [] });
      expect(r.sent.map(s => s.payload.title)).toEqual([
        'Approval waiting: Approval of orders-service',
        'Approval no longer waiting: Approval of orders-service',
      ]);
      expect(r.sent[1].payload.description).toBe(
        `It expired at ${expiring.expiresAt} without a decision.`,
      );
    });

    it('notifies a failed production stage and an alarm rollback once; not old news, not other stages', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      const r = replicas(stores);
      const stage = (name: string, at: string, execution: string) => ({
        name,
        status: 'Failed' as const,
        pipelineExecutionId: execution,
        inboundTransitionEnabled: true,
        actions: [
          {
            name: 'Deploy',
            status: 'Failed' as const,
            lastStatusChange: at,
            summary: 'CloudFormation stack update failed',
          },
        ],
      });
      const rollback = (id: string, startedAt: string) => ({
        id,
        pipelineArn: STORE_ARN,
        status: 'InProgress' as const,
        startedAt,
        trigger: 'AutomatedRollback',
        triggerDetail: 'alarm orders-5xx in ALARM',
        executionType: 'ROLLBACK',
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionId: 'abc1234567',
            // Sources through CodeConnections report the summary as JSON.
            revisionSummary: '{"ProviderType":"GitHub","CommitMessage":"Fix"}',
          },
        ],
        detailsComplete: false,
      });
      const overrides = {
        pendingApprovals: [],
        stages: [
          stage('Prod-Wave1', minutesAgo(5), 'e7'),
          stage('Build', minutesAgo(5), 'e8'),
          stage('Prod-Wave2', minutesAgo(3 * 24 * 60), 'e2'),
        ],
        executions: [
          rollback('r1', minutesAgo(4)),
          rollback('r0', minutesAgo(3 * 24 * 60)),
        ],
      };
      await refreshBoth(stores, r, overrides);
      await refreshBoth(stores, r, overrides);
      expect(r.sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
        ['Production stage failed: Prod-Wave1 of orders-service', 'critical'],
        ['Rolled back by an alarm: orders-service', 'critical'],
      ]);
      expect(r.sent[0].payload).toMatchObject({
        description:
          'Execution e7 failed in Prod-Wave1: CloudFormation stack update failed',
        link: '/catalog/default/component/orders/pipelines',
        topic: 'Pipeline failures',
      });
      expect(r.sent[1].payload.description).toBe(
        'CodePipeline started rollback execution r1 (alarm orders-5xx in ALARM) to abc1234 "Fix".',
      );
    });

    it('sends again on a later refresh when the notifications backend failed, and nothing for unreferenced pipelines', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const r = replicas(stores, { times: 1 });
      await refreshBoth(stores, r, {
        location: storeLocation,
        pendingApprovals: [approval],
      });
      expect(r.sent).toHaveLength(0);
      await referencePipeline(stores);
      // The first send fails (the claim is given back), the next refresh's goes through.
      await r.a.afterSnapshot(
        testSnapshot({ layout: approvalLayout, pendingApprovals: [approval] }),
      );
      expect(r.sent).toHaveLength(0);
      await refreshBoth(stores, r, { pendingApprovals: [approval] });
      expect(r.sent).toHaveLength(1);
    });
  },
);
