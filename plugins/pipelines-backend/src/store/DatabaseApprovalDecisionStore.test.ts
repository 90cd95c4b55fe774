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
      // Once its approval expired, a decision AWS never took goes; one that took effect stays
      // (the history shows it) until its execution is gone from AWS too.
      expect(
        await decisions.pruneApprovalDecisions({
          unsentBefore: plus(5000),
          sentBefore: plus(1500),
        }),
      ).toBe(1);
      expect(
        (await decisions.listApprovalDecisions({ pipelineArn: STORE_ARN })).map(
          d => [d.id, d.outcome],
        ),
      ).toEqual([[inFlight, 'reconciled']]);
      expect(
        await decisions.pruneApprovalDecisions({
          unsentBefore: plus(5000),
          sentBefore: plus(5000),
        }),
      ).toBe(1);
      expect(
        await decisions.listApprovalDecisions({ pipelineArn: STORE_ARN }),
      ).toEqual([]);
    });

    it("lists each execution's decisions that took effect, with the decider's display name as recorded", async () => {
      const { stores } = await createTestStores(databases, databaseId);
      const decisions = stores.approvalDecisions;
      const base = {
        entityRef: STORE_ENTITY,
        pipelineArn: STORE_ARN,
        stageName: 'Approval',
        actionName: 'ManualApproval',
        summary: 'Approved in Backstage by Jane Doe (user:default/jane)',
        decidedBy: 'user:default/jane',
        decidedByName: 'Jane Doe',
      };
      const approved = await decisions.insertApprovalDecision({
        ...base,
        token: 'tok-a',
        pipelineExecutionId: 'exec-1',
        decision: 'Approved',
        comment: 'dashboards are green',
        decidedAt: t0,
      });
      await decisions.completeApprovalDecision(approved, {
        outcome: 'succeeded',
        completedAt: plus(1000),
      });
      const refused = await decisions.insertApprovalDecision({
        ...base,
        token: 'tok-b',
        pipelineExecutionId: 'exec-2',
        decision: 'Rejected',
        decidedAt: plus(2000),
      });
      await decisions.completeApprovalDecision(refused, {
        outcome: 'refused',
        error: 'ApprovalAlreadyCompletedException',
        completedAt: plus(3000),
      });
      const inFlight = await decisions.insertApprovalDecision({
        ...base,
        token: 'tok-c',
        pipelineExecutionId: 'exec-2',
        decision: 'Rejected',
        decidedAt: plus(4000),
      });
      await decisions.insertApprovalDecision({
        ...base,
        pipelineArn: `${STORE_ARN}-other`,
        token: 'tok-d',
        pipelineExecutionId: 'exec-1',
        decision: 'Approved',
        decidedAt: plus(5000),
      });

      const listed = await decisions.listExecutionDecisions([
        { pipelineArn: STORE_ARN, executionId: 'exec-1' },
        { pipelineArn: STORE_ARN, executionId: 'exec-2' },
      ]);
      expect(listed.map(d => [d.id, d.pipelineExecutionId, d.outcome])).toEqual(
        [
          [approved, 'exec-1', 'succeeded'],
          [inFlight, 'exec-2', 'pending'],
        ],
      );
      expect(listed[0]).toMatchObject({
        decidedBy: 'user:default/jane',
        decidedByName: 'Jane Doe',
        comment: 'dashboards are green',
        decidedAt: t0,
      });
      expect(await decisions.listExecutionDecisions([])).toEqual([]);

      // The second decider of a token is told who decided first by name.
      await expect(
        decisions.insertApprovalDecision({
          ...base,
          token: 'tok-a',
          decision: 'Rejected',
          decidedBy: 'user:default/joe',
          decidedByName: 'Joe',
          decidedAt: plus(6000),
        }),
      ).rejects.toThrow(
        `Already decided by Jane Doe (user:default/jane) at ${t0.toISOString()}: approved; refresh to see the new state`,
      );
    });
  },
);
