import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ApprovalDecisionRequest } from '@dpra/plugin-pipelines-common';
import type { AwsTarget } from '../aws/AwsTarget';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { describeAwsError } from '../aws/describeAwsError';
import type { BackgroundRefreshService } from '../refresh/types';
import type {
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
  now?: () => Date;
}

/** CodePipeline's limit on the approval summary. */
const MAX_SUMMARY = 512;

/** The summary sent to AWS: it names the Backstage user, so the AWS console shows who decided. */
export function approvalSummary(
  decision: 'Approved' | 'Rejected',
  userEntityRef: string,
  comment?: string,
): string {
  const summary = `${decision} in Backstage by ${userEntityRef}${
    comment?.trim() ? `: ${comment.trim()}` : ''
  }`;
  return summary.length > MAX_SUMMARY
    ? `${summary.slice(0, MAX_SUMMARY - 1)}…`
    : summary;
}

const NOT_PENDING =
  'This approval is no longer pending (it was decided, expired, or a newer execution superseded it); refresh to see the current state';

/** Creates the approval service. */
export function createApprovalService(
  options: ApprovalServiceOptions,
): ApprovalService {
  const { entities, snapshots, decisions, codePipeline } = options;
  const now = options.now ?? (() => new Date());

  /** Asks AWS (not the store) whether the approval still waits for this token. */
  async function isStillPending(
    target: AwsTarget,
    pipelineName: string,
    executionMode: string | undefined,
    request: ApprovalDecisionRequest,
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
    const pending =
      action?.latestExecution?.status === 'InProgress' &&
      action.latestExecution.token === request.token;
    return { pending };
  }

  return {
    async decide({ entityRef, userEntityRef, request }) {
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
      const summary = approvalSummary(
        request.decision,
        userEntityRef,
        request.comment,
      );

      // The row is the lock: a second submit of the same token (from any replica) fails here
      // with a ConflictError before anything is sent to AWS.
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
        comment: request.comment,
        summary,
        decidedBy: userEntityRef,
        decidedAt,
      });

      const fail = async (error: Error, retryable: boolean): Promise<never> => {
        if (retryable) {
          await decisions.deleteApprovalDecision(id);
        } else {
          await decisions.completeApprovalDecision(id, {
            outcome: 'failed',
            error: error.message,
            completedAt: now(),
          });
        }
        throw error;
      };

      try {
        const check = await isStillPending(
          target,
          link.name,
          pipeline?.executionMode,
          request,
        );
        if (!check.pending) {
          return await fail(new ConflictError(NOT_PENDING), false);
        }
        await codePipeline.putApprovalResult(target, {
          pipelineName: link.name,
          stageName: request.stageName,
          actionName: request.actionName,
          token: request.token,
          status: request.decision,
          summary,
        });
      } catch (error) {
        if (error instanceof ConflictError) {
          throw error;
        }
        const name = (error as Error)?.name;
        if (name === 'InvalidApprovalTokenException') {
          return fail(
            new ConflictError(
              `The approval token is no longer valid: ${NOT_PENDING}`,
            ),
            false,
          );
        }
        if (name === 'ApprovalAlreadyCompletedException') {
          return fail(
            new ConflictError(
              'This approval was already decided (in Backstage or the AWS console); refresh to see the current state',
            ),
            false,
          );
        }
        const described = describeAwsError(error);
        if (
          described.kind === 'throttled' ||
          described.kind === 'server-error' ||
          described.kind === 'timeout'
        ) {
          return fail(
            new ServiceUnavailableError(
              `The decision was not sent: ${described.message}. Try again.`,
            ),
            true,
          );
        }
        return fail(
          new ServiceUnavailableError(
            `The decision was not sent: ${described.message}`,
          ),
          false,
        );
      }

      const completedAt = now();
      await decisions.completeApprovalDecision(id, {
        outcome: 'succeeded',
        completedAt,
      });
      options.background.refreshInBackground([link.arn], 'approval');
      return {
        decision: request.decision,
        decidedBy: userEntityRef,
        decidedAt: decidedAt.toISOString(),
        summary,
      };
    },
  };
}
