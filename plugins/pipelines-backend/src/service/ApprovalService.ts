import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalDecisionView,
} from '@dpra/plugin-pipelines-common';
import type { AwsTarget } from '../aws/AwsTarget';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { withAwsDeadline } from '../aws/awsDeadline';
import { describeAwsError } from '../aws/describeAwsError';
import { isApprovalTokenPending } from '../refresh/pipelineStateViews';
import type { BackgroundRefreshService } from '../refresh/types';
import type {
  ApprovalDecisionOutcome,
  ApprovalDecisionRecord,
  ApprovalDecisionStore,
  EntityStore,
  PipelineSnapshotReader,
} from '../store';
import type { ApprovalService } from './types';

/** Options of {@link createApprovalService}. */
export interface ApprovalServiceOptions {
  entities: Pick<EntityStore, 'getEntityResolution'>;
  snapshots: Pick<PipelineSnapshotReader, 'getPipelines'>;
  decisions: ApprovalDecisionStore;
  codePipeline: CodePipelineReader;
  /** Refreshes the pipeline after a decision was sent (the decision is already answered). */
  background: Pick<BackgroundRefreshService, 'refreshInBackground'>;
  /** Deadline of one decision (pending check + PutApprovalResult), in milliseconds. */
  deadlineMs: number;
  now?: () => Date;
}

/** CodePipeline's limit on the approval summary. */
const MAX_SUMMARY = 512;

/**
 * The summary sent to AWS: it names the Backstage user (display name and ref), so the AWS console
 * shows who decided. Backstage itself shows its own record of the decision, never this text.
 */
export function approvalSummary(
  decision: 'Approved' | 'Rejected',
  user: { ref: string; name?: string },
  comment?: string,
): string {
  const who = user.name ? `${user.name} (${user.ref})` : user.ref;
  const summary = `${decision} in Backstage by ${who}${
    comment?.trim() ? `: ${comment.trim()}` : ''
  }`;
  return summary.length > MAX_SUMMARY
    ? `${summary.slice(0, MAX_SUMMARY - 1)}…`
    : summary;
}

/** What a stored outcome says to the people looking at the decision. */
const DECISION_VIEW_OUTCOME: Partial<
  Record<ApprovalDecisionOutcome, ApprovalDecisionView['outcome']>
> = { succeeded: 'sent', reconciled: 'reconciled', pending: 'unknown' };

/** A stored decision as the API shows it on an execution. */
export function toApprovalDecisionView(
  d: ApprovalDecisionRecord,
): ApprovalDecisionView {
  return {
    stageName: d.stageName,
    actionName: d.actionName,
    decision: d.decision,
    decidedBy: d.decidedBy,
    ...(d.decidedByName ? { decidedByName: d.decidedByName } : {}),
    decidedAt: d.decidedAt.toISOString(),
    ...(d.comment ? { comment: d.comment } : {}),
    outcome: DECISION_VIEW_OUTCOME[d.outcome] ?? 'unknown',
  };
}

/** CodePipeline manual approvals expire after 7 days: a decision AWS never took is moot after that. */
const APPROVAL_EXPIRY_MS = 7 * 86_400_000 + 3_600_000;

/**
 * CodePipeline keeps execution history for 12 months: a decision that took effect stays as long
 * as the execution it decided can be shown.
 */
const DECISION_RECORD_MS = 366 * 86_400_000;

const OUTCOME_UNKNOWN =
  'AWS did not confirm your decision in time; it may have been sent, and its outcome will be reconciled with AWS shortly';

const NOT_PENDING =
  'This approval is no longer pending (it was decided, expired, or a newer execution superseded it); refresh to see the current state';

/** Creates the approval service. */
export function createApprovalService(
  options: ApprovalServiceOptions,
): ApprovalService {
  const { entities, snapshots, decisions, codePipeline } = options;
  const { deadlineMs } = options;
  const now = options.now ?? (() => new Date());

  /** Asks AWS (not the store) whether the approval still waits for this token. */
  async function isStillPending(
    target: AwsTarget,
    pipelineName: string,
    executionMode: string | undefined,
    request: Pick<
      ApprovalDecisionRequest,
      'stageName' | 'actionName' | 'token'
    >,
  ): Promise<{ pending: boolean }> {
    if (executionMode === 'PARALLEL') {
      // In PARALLEL mode GetPipelineState shows one of several waiting executions; the token of
      // each is the external execution id of its approval action execution.
      const details = await codePipeline.listActionExecutions(
        target,
        pipelineName,
        { maxResults: 100 },
      );
      const match = details.find(
        d =>
          d.stageName === request.stageName &&
          d.actionName === request.actionName &&
          d.status === 'InProgress' &&
          (d.output?.executionResult?.externalExecutionId ??
            d.actionExecutionId) === request.token,
      );
      return { pending: Boolean(match) };
    }
    const state = await codePipeline.getPipelineState(target, pipelineName);
    const stage = state.stageStates?.find(
      s => s.stageName === request.stageName,
    );
    const action = stage?.actionStates?.find(
      a => a.actionName === request.actionName,
    );
    return {
      pending: isApprovalTokenPending(action?.latestExecution, request.token),
    };
  }

  return {
    async decide({ entityRef, userEntityRef, userDisplayName, request }) {
      // The target comes from what the entity references, never from the request.
      const resolution = await entities.getEntityResolution(entityRef);
      const link = resolution?.pipelines.find(
        p => p.arn === request.pipelineArn,
      );
      if (!link) {
        throw new NotFoundError(
          `${request.pipelineArn} is not a pipeline of ${entityRef}`,
        );
      }
      const [pipeline] = await snapshots.getPipelines([link.arn]);
      const target: AwsTarget = {
        accountId: link.accountId,
        region: link.region,
        roleArn: link.roleArn,
      };
      const decidedAt = now();
      const comment = request.comment?.trim() || undefined;
      const summary = approvalSummary(
        request.decision,
        { ref: userEntityRef, name: userDisplayName },
        comment,
      );

      // The row is the lock: a second submit of the same token (from any replica) fails here
      // with a ConflictError before anything is sent to AWS, as long as the row is in flight or
      // was sent. Whatever ends before sending deletes it again (releases the token).
      const id = await decisions.insertApprovalDecision({
        entityRef,
        pipelineArn: link.arn,
        stageName: request.stageName,
        actionName: request.actionName,
        token: request.token,
        pipelineExecutionId: pipeline?.pendingApprovals.find(
          a => a.token === request.token,
        )?.pipelineExecutionId,
        decision: request.decision,
        comment,
        summary,
        decidedBy: userEntityRef,
        decidedByName: userDisplayName,
        decidedAt,
      });

      const release = async (error: Error): Promise<never> => {
        await decisions.deleteApprovalDecision(id);
        throw error;
      };
      const refused = async (error: Error): Promise<never> => {
        await decisions.completeApprovalDecision(id, {
          outcome: 'refused',
          error: error.message,
          completedAt: now(),
        });
        throw error;
      };

      // What the caller gets back once the decision left for AWS (confirmed or not).
      const sent = (
        outcome: 'sent' | 'unknown',
        message?: string,
      ): ApprovalDecisionResponse => {
        options.background.refreshInBackground([link.arn], 'approval');
        return {
          decision: request.decision,
          decidedBy: userEntityRef,
          ...(userDisplayName ? { decidedByName: userDisplayName } : {}),
          decidedAt: decidedAt.toISOString(),
          ...(comment ? { comment } : {}),
          summary,
          outcome,
          ...(message ? { message } : {}),
        };
      };

      // Set once PutApprovalResult went out: from then on, a call without an answer may have
      // reached AWS, and the row stays until it is reconciled.
      let sending = false;
      try {
        await withAwsDeadline(deadlineMs, 'The decision', async () => {
          const check = await isStillPending(
            target,
            link.name,
            pipeline?.executionMode,
            request,
          );
          if (!check.pending) {
            throw new ConflictError(NOT_PENDING);
          }
          sending = true;
          await codePipeline.putApprovalResult(target, {
            pipelineName: link.name,
            stageName: request.stageName,
            actionName: request.actionName,
            token: request.token,
            status: request.decision,
            summary,
          });
        });
      } catch (error) {
        if (error instanceof ConflictError) {
          return release(error);
        }
        const name = (error as Error)?.name;
        if (name === 'InvalidApprovalTokenException') {
          return refused(
            new ConflictError(
              `The approval token is no longer valid: ${NOT_PENDING}`,
            ),
          );
        }
        if (name === 'ApprovalAlreadyCompletedException') {
          return refused(
            new ConflictError(
              'This approval was already decided (in Backstage or the AWS console); refresh to see the current state',
            ),
          );
        }
        const described = describeAwsError(error);
        const noAnswer =
          described.kind === 'timeout' || described.kind === 'network';
        if (sending && noAnswer) {
          // AWS may have taken the decision: the row stays in flight, and the reconciliation
          // records it or releases the token once AWS answers.
          await decisions.completeApprovalDecision(id, {
            outcome: 'pending',
            error: described.message,
          });
          return sent('unknown', `${OUTCOME_UNKNOWN} (${described.message})`);
        }
        return release(
          new ServiceUnavailableError(
            noAnswer
              ? `AWS did not answer; your decision was not sent; try again (${described.message})`
              : `Your decision was not sent: ${described.message}; try again`,
          ),
        );
      }

      await decisions.completeApprovalDecision(id, {
        outcome: 'succeeded',
        completedAt: now(),
      });
      return sent('sent');
    },

    async reconcile() {
      // A row in flight for longer than a decision may take got no answer from AWS: AWS decides.
      const inFlight = await decisions.listInFlightApprovalDecisions(
        new Date(now().getTime() - deadlineMs * 2),
      );
      let reconciled = 0;
      for (const row of inFlight) {
        const resolution = await entities.getEntityResolution(row.entityRef);
        const link = resolution?.pipelines.find(p => p.arn === row.pipelineArn);
        if (!link) {
          // The entity no longer references the pipeline: nothing can be decided through it.
          await decisions.deleteApprovalDecision(row.id);
          continue;
        }
        const [pipeline] = await snapshots.getPipelines([link.arn]);
        try {
          const check = await withAwsDeadline(
            deadlineMs,
            'The reconciliation of a decision',
            () =>
              isStillPending(
                {
                  accountId: link.accountId,
                  region: link.region,
                  roleArn: link.roleArn,
                },
                link.name,
                pipeline?.executionMode,
                row,
              ),
          );
          if (check.pending) {
            await decisions.deleteApprovalDecision(row.id);
          } else {
            await decisions.completeApprovalDecision(row.id, {
              outcome: 'reconciled',
              completedAt: now(),
            });
          }
          reconciled++;
        } catch {
          // AWS still does not answer: the next run tries again.
        }
      }
      const pruned = await decisions.pruneApprovalDecisions({
        unsentBefore: new Date(now().getTime() - APPROVAL_EXPIRY_MS),
        sentBefore: new Date(now().getTime() - DECISION_RECORD_MS),
      });
      return { reconciled, pruned };
    },
  };
}
