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
      // The second decider learns who decided first, when, and how.
      expect(rejected.reason.message).toBe(
        `Already decided by user:default/jane at ${t0.toISOString()}: approved; refresh to see the new state`,
      );
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

    it('locks a token only while a decision is in flight or once it was sent, and prunes old rows', async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const decisions = stores.approvalDecisions;
      const decision = {
        entityRef: STORE_ENTITY,
        pipelineArn: STORE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token: 'tok-2',
        decision: 'Approved' as const,
        summary: 'Approved in Backstage by user:default/jane',
        decidedBy: 'user:default/jane',
        decidedAt: t0,
      };
      // A refusal by AWS stays in the audit trail without locking the token.
      const refused = await decisions.insertApprovalDecision(decision);
      await decisions.completeApprovalDecision(refused, {
        outcome: 'refused',
        error: 'invalid token',
        completedAt: plus(1000),
      });
      const inFlight = await decisions.insertApprovalDecision({
        ...decision,
        decidedAt: plus(2000),
      });
      await expect(
        decisions.insertApprovalDecision(decision),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(
        (await decisions.listInFlightApprovalDecisions(plus(3000))).map(
          d => d.id,
        ),
      ).toEqual([inFlight]);
      expect(await decisions.listInFlightApprovalDecisions(plus(2000))).toEqual(
        [],
      );
      // Reconciled as decided: it keeps locking.
      await decisions.completeApprovalDecision(inFlight, {
        outcome: 'reconciled',
        completedAt: plus(4000),
      });
      await expect(
        decisions.insertApprovalDecision(decision),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await decisions.pruneApprovalDecisions(plus(1500))).toBe(1);
      expect(
        (await decisions.listApprovalDecisions({ pipelineArn: STORE_ARN })).map(
          d => [d.id, d.outcome],
        ),
      ).toEqual([[inFlight, 'reconciled']]);
    });
  },
);
