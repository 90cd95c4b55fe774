import {
  OTHER_STORE_ARN,
  STORE_ARN,
  STORE_ENTITY,
  approvalLayout,
  createTestDatabases,
  createTestStores,
  plus,
  referencePipeline,
  storeLocation,
  t0,
  testSnapshot,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const layout = approvalLayout;

const approval = (token: string, extra: object = {}) => ({
  pipelineArn: STORE_ARN,
  stageName: 'Approval',
  actionName: 'ManualApproval',
  token,
  ...extra,
});

describe.each(databases.eachSupportedId())(
  'DatabaseInboxStore on %p',
  databaseId => {
    it('lists pending approvals with entity, revision and what approving promotes', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      // A second entity referencing the same pipeline sees the approval too.
      await referencePipeline(stores, 'component:default/orders-ui');
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          layout,
          pendingApprovals: [
            approval('tok-1', {
              pipelineExecutionId: 'e1',
              requestedAt: plus(-3_600_000).toISOString(),
              expiresAt: plus(6 * 86_400_000).toISOString(),
            }),
          ],
          capturedAt: t0,
        }),
      );

      const items = await stores.inbox.listPendingApprovals();
      expect(items.map(i => i.entityRef)).toEqual([
        STORE_ENTITY,
        'component:default/orders-ui',
      ]);
      expect(items[0]).toEqual({
        entityRef: STORE_ENTITY,
        pipelineArn: STORE_ARN,
        pipelineName: 'orders-service',
        accountId: '111111111111',
        region: 'us-east-1',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
        pipelineExecutionId: 'e1',
        requestedAt: plus(-3_600_000).toISOString(),
        expiresAt: plus(6 * 86_400_000).toISOString(),
        revisions: [{ actionName: 'Source', revisionId: 'a' }],
        promotes: {
          stageName: 'Prod-Wave1',
          waveIndex: 1,
          regions: ['us-east-1', 'eu-west-1'],
        },
        seenAt: t0.toISOString(),
        stale: false,
      });
    });

    it('follows the refreshes: new tokens appear, decided ones go, the first sighting stays', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({ layout, pendingApprovals: [approval('tok-1')] }),
      );
      // The next refresh does not re-read the definition: the stored layout still tells the wave.
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          definition: undefined,
          layout: undefined,
          pendingApprovals: [approval('tok-1'), approval('tok-2')],
          capturedAt: plus(60_000),
        }),
      );
      let items = await stores.inbox.listPendingApprovals();
      expect(items.map(i => [i.token, i.requestedAt, i.promotes?.stageName])).toEqual([
        ['tok-1', t0.toISOString(), 'Prod-Wave1'],
        ['tok-2', plus(60_000).toISOString(), 'Prod-Wave1'],
      ]);

      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({ pendingApprovals: [approval('tok-2')] }),
      );
      items = await stores.inbox.listPendingApprovals();
      expect(items.map(i => i.token)).toEqual(['tok-2']);
    });

    it('leaves out tokens decided through Backstage, keeps refused ones, marks failed refreshes stale', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      await referencePipeline(stores, 'component:default/payments', {
        ...storeLocation,
        arn: OTHER_STORE_ARN,
        region: 'eu-west-1',
        name: 'payments',
      });
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          pendingApprovals: [
            approval('decided'),
            approval('refused'),
          ],
        }),
      );
      await stores.snapshotWriter.savePipelineSnapshot(
        testSnapshot({
          location: {
            ...storeLocation,
            arn: OTHER_STORE_ARN,
            region: 'eu-west-1',
            name: 'payments',
          },
          pendingApprovals: [
            { ...approval('other'), pipelineArn: OTHER_STORE_ARN },
          ],
        }),
      );
      const decide = (token: string) =>
        stores.approvalDecisions.insertApprovalDecision({
          entityRef: STORE_ENTITY,
          pipelineArn: STORE_ARN,
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token,
          decision: 'Approved',
          summary: 's',
          decidedBy: 'user:default/jane',
          decidedAt: t0,
        });
      await decide('decided');
      await stores.approvalDecisions.completeApprovalDecision(
        await decide('refused'),
        { outcome: 'refused', error: 'gone', completedAt: t0 },
      );
      await stores.refreshQueue.claimPipeline(OTHER_STORE_ARN, {
        now: t0,
        owner: 'r',
        leaseMs: 60_000,
      });
      await stores.refreshQueue.recordRefreshFailure(OTHER_STORE_ARN, {
        owner: 'r',
        now: t0,
        nextRefreshAt: plus(60_000),
        error: 'CodePipeline GetPipelineState was throttled',
      });

      const items = await stores.inbox.listPendingApprovals();
      // A refusal by AWS does not lock the token: the approval may still be decided.
      expect(
        items.map(i => [i.entityRef, i.token, i.stale, i.staleReason]),
      ).toEqual([
        ['component:default/orders', 'refused', false, undefined],
        [
          'component:default/payments',
          'other',
          true,
          'CodePipeline GetPipelineState was throttled',
        ],
      ]);
    });

    it('forgets the approvals of a pipeline no entity references any more', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      await referencePipeline(stores);
      await stores.snapshotWriter.savePipelineSnapshot(testSnapshot());
      await stores.entities.removeEntities([STORE_ENTITY]);
      await stores.entities.removeUnreferencedPipelines();
      expect(await stores.inbox.listPendingApprovals()).toEqual(
        [],
      );
    });
  },
);
