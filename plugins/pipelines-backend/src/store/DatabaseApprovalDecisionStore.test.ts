import { ConflictError } from '@backstage/errors';
import {
  STORE_ARN,
  STORE_ENTITY,
  createTestDatabases,
  createTestStores,
  plus,
  t0,
} from '../testing/stores';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseApprovalDecisionStore on %p',
  databaseId => {
    it('records an approval decision once per token', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const decisions = stores.approvalDecisions;
      const decision = {
        entityRef: STORE_ENTITY,
        pipelineArn: STORE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-1',
        decision: 'Approved' as const,
        summary: 'Approved in Backstage by user:default/jane',
        decidedBy: 'user:default/jane',
        decidedAt: t0,
      };
      const results = await Promise.allSettled([
        decisions.insertApprovalDecision(decision),
        decisions.insertApprovalDecision(decision),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      const id = (
        results.find(
          r => r.status === 'fulfilled',
        ) as PromiseFulfilledResult<number>
      ).value;
      await decisions.completeApprovalDecision(id, {
        outcome: 'succeeded',
        completedAt: plus(1000),
      });
      expect(
        await decisions.listApprovalDecisions({ pipelineArn: STORE_ARN }),
      ).toEqual([
        expect.objectContaining({
          id,
          outcome: 'succeeded',
          decidedBy: 'user:default/jane',
          token: 'tok-1',
          completedAt: plus(1000),
        }),
      ]);
      expect(
        await decisions.listApprovalDecisions({
          entityRef: 'component:default/other',
        }),
      ).toEqual([]);
      // A transiently failed send is removed so that the same token can be retried.
      await decisions.deleteApprovalDecision(id);
      await expect(decisions.insertApprovalDecision(decision)).resolves.toEqual(
        expect.any(Number),
      );
    });
  },
);
