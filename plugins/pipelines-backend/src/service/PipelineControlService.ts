import { createHash } from 'node:crypto';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  STOP_REASON_MAX_LENGTH,
  TRANSITION_REASON_PATTERN,
  TRANSITION_REASON_RULE,
  type PipelineControl,
  type PipelineControlRequest,
  type PipelineControlResponse,
} from '@dpra/plugin-pipelines-common';
import type { AwsTarget } from '../aws/AwsTarget';
import type { CodePipelineOperator } from '../aws/CodePipelineOperator';
import type { CodePipelineReader } from '../aws/CodePipelineReader';
import { withAwsDeadline } from '../aws/awsDeadline';
import { describeAwsError } from '../aws/describeAwsError';
import type { BackgroundRefreshService } from '../refresh/types';
import type { EntityStore } from '../store';

/** Runs the stage controls on an entity's pipelines (retry, stop, roll back, transitions, …). */
export interface PipelineControlService {
  /**
   * Runs a control for a user who was already authorized. Throws InputError (a member the
   * control needs is missing or malformed; all problems at once), NotFoundError (not the entity's
   * pipeline or stage), ConflictError (the pipeline changed since the user looked, or AWS refuses
   * the control in the pipeline's current state) or ServiceUnavailableError (AWS did not answer).
   */
  operate(options: {
    entityRef: string;
    userEntityRef: string;
    control: PipelineControl;
    request: PipelineControlRequest;
  }): Promise<PipelineControlResponse>;
}

/** Options of {@link createPipelineControlService}. */
export interface PipelineControlServiceOptions {
  entities: Pick<EntityStore, 'getEntityResolution'>;
  codePipeline: Pick<
    CodePipelineReader,
    'getPipelineState' | 'getPipelineExecution' | 'listPipelineExecutions'
  >;
  operator: CodePipelineOperator;
  /** Refreshes the pipeline after a control was accepted, so the store catches up. */
  background: Pick<BackgroundRefreshService, 'refreshInBackground'>;
  /** Deadline of one control (the state check and the AWS call), in milliseconds. */
  deadlineMs: number;
  now?: () => Date;
}

type Member = Exclude<keyof PipelineControlRequest, 'pipelineArn' | 'seen'>;
type SeenMember = 'pipelineExecutionId' | 'status' | 'transitionEnabled';

/** The members each control needs, in the request and in `seen`. */
const NEEDS: Record<
  PipelineControl,
  { members: Member[]; seen: SeenMember[] }
> = {
  'retry-stage': {
    members: ['stageName', 'pipelineExecutionId', 'retryMode'],
    seen: ['pipelineExecutionId', 'status'],
  },
  'stop-execution': {
    members: ['pipelineExecutionId'],
    seen: ['pipelineExecutionId', 'status'],
  },
  'rollback-stage': {
    members: ['stageName', 'targetPipelineExecutionId'],
    seen: ['pipelineExecutionId', 'status'],
  },
  'disable-transition': {
    members: ['stageName', 'reason'],
    seen: ['transitionEnabled'],
  },
  'enable-transition': { members: ['stageName'], seen: ['transitionEnabled'] },
  'override-condition': {
    members: ['stageName', 'pipelineExecutionId', 'conditionType'],
    seen: ['pipelineExecutionId', 'status'],
  },
  // The pipeline may never have run: the latest execution seen is optional.
  'start-execution': { members: [], seen: [] },
};

/** Every problem of a request for a control, or none. */
export function controlRequestProblems(
  control: PipelineControl,
  request: PipelineControlRequest,
): string[] {
  const needs = NEEDS[control];
  const problems = [
    ...needs.members
      .filter(m => request[m] === undefined)
      .map(m => `${control} needs ${m}`),
    ...needs.seen
      .filter(m => request.seen?.[m] === undefined)
      .map(m => `${control} needs seen.${m} (what you saw before choosing it)`),
  ];
  if (
    control === 'disable-transition' &&
    request.reason !== undefined &&
    !TRANSITION_REASON_PATTERN.test(request.reason)
  ) {
    problems.push(`reason: ${TRANSITION_REASON_RULE}`);
  }
  if (
    control === 'stop-execution' &&
    (request.reason?.length ?? 0) > STOP_REASON_MAX_LENGTH
  ) {
    problems.push(
      `reason: at most ${STOP_REASON_MAX_LENGTH} characters for stop-execution`,
    );
  }
  const execution = request.pipelineExecutionId;
  if (
    ['retry-stage', 'stop-execution', 'override-condition'].includes(control) &&
    execution !== undefined &&
    request.seen?.pipelineExecutionId !== undefined &&
    request.seen.pipelineExecutionId !== execution
  ) {
    problems.push(
      `seen.pipelineExecutionId must be the execution the control acts on (${execution})`,
    );
  }
  return problems;
}

/** AWS errors that say the pipeline is not (or no longer) in a state the control applies to. */
const REFUSED_IN_THIS_STATE = new Set([
  'StageNotRetryableException',
  'NotLatestPipelineExecutionException',
  'ConflictException',
  'DuplicatedStopRequestException',
  'PipelineExecutionNotStoppableException',
  'UnableToRollbackStageException',
  'PipelineExecutionOutdatedException',
  'PipelineExecutionNotFoundException',
  'ConditionNotOverridableException',
  'ConcurrentPipelineExecutionsLimitExceededException',
]);

const CHANGED = 'The pipeline changed since you looked';

function stopReason(userEntityRef: string, reason?: string): string {
  const by = `stopped in Backstage by ${userEntityRef}`;
  const full = reason?.trim() ? `${reason.trim()} (${by})` : by;
  return full.length > STOP_REASON_MAX_LENGTH
    ? `${full.slice(0, STOP_REASON_MAX_LENGTH - 1)}…`
    : full;
}

/** Creates the stage control service. */
export function createPipelineControlService(
  options: PipelineControlServiceOptions,
): PipelineControlService {
  const { entities, codePipeline, operator, deadlineMs } = options;
  const now = options.now ?? (() => new Date());

  /** Compares what the user saw with AWS's state now (never the store: it may lag). */
  async function checkSeen(
    target: AwsTarget,
    pipelineName: string,
    control: PipelineControl,
    request: PipelineControlRequest,
  ): Promise<void> {
    const seen = request.seen ?? {};
    if (control === 'start-execution') {
      const [latest] = await codePipeline.listPipelineExecutions(
        target,
        pipelineName,
        { maxResults: 1 },
      );
      if (latest?.pipelineExecutionId !== seen.pipelineExecutionId) {
        throw new ConflictError(
          `${CHANGED}: its latest execution is now ${
            latest?.pipelineExecutionId ?? 'none'
          } (${latest?.status ?? 'no status'}), you saw ${
            seen.pipelineExecutionId ?? 'none'
          }; refresh and try again`,
        );
      }
      return;
    }
    if (
      control === 'retry-stage' ||
      control === 'stop-execution' ||
      control === 'override-condition'
    ) {
      // Per execution (GetPipelineExecution), so that it holds in PARALLEL mode too, where
      // GetPipelineState shows one of several executions in a stage.
      const execution = await codePipeline.getPipelineExecution(
        target,
        pipelineName,
        request.pipelineExecutionId!,
      );
      if (execution?.status !== seen.status) {
        throw new ConflictError(
          `${CHANGED}: execution ${request.pipelineExecutionId} is now ${
            execution?.status ?? 'gone'
          }, you saw it ${seen.status}; refresh and try again`,
        );
      }
      return;
    }
    const state = await codePipeline.getPipelineState(target, pipelineName);
    const stage = state.stageStates?.find(
      s => s.stageName === request.stageName,
    );
    if (!stage) {
      throw new NotFoundError(
        `Stage ${request.stageName} does not exist in pipeline ${pipelineName}`,
      );
    }
    if (control === 'rollback-stage') {
      const latest = stage.latestExecution;
      if (
        latest?.pipelineExecutionId !== seen.pipelineExecutionId ||
        latest?.status !== seen.status
      ) {
        throw new ConflictError(
          `${CHANGED}: stage ${request.stageName} now shows execution ${
            latest?.pipelineExecutionId ?? 'none'
          } (${latest?.status ?? 'no status'}), you saw ${
            seen.pipelineExecutionId
          } (${seen.status}); refresh and try again`,
        );
      }
      return;
    }
    const enabled = stage.inboundTransitionState?.enabled ?? true;
    if (enabled !== seen.transitionEnabled) {
      throw new ConflictError(
        `${CHANGED}: the transition into ${request.stageName} is now ${
          enabled ? 'enabled' : 'disabled'
        }${
          stage.inboundTransitionState?.lastChangedBy
            ? ` (by ${stage.inboundTransitionState.lastChangedBy})`
            : ''
        }; refresh and try again`,
      );
    }
  }

  /** Sends the control to AWS; answers the execution id AWS names and what happened. */
  async function send(
    target: AwsTarget,
    pipelineName: string,
    control: PipelineControl,
    request: PipelineControlRequest,
    userEntityRef: string,
  ): Promise<{ pipelineExecutionId?: string; message: string }> {
    const stageName = request.stageName!;
    switch (control) {
      case 'retry-stage': {
        const out = await operator.retryStageExecution(target, {
          pipelineName,
          stageName,
          pipelineExecutionId: request.pipelineExecutionId!,
          retryMode: request.retryMode!,
        });
        return {
          ...out,
          message: `Retrying ${
            request.retryMode === 'ALL_ACTIONS'
              ? 'all actions'
              : 'the failed actions'
          } of ${stageName} in execution ${request.pipelineExecutionId}`,
        };
      }
      case 'stop-execution': {
        const out = await operator.stopPipelineExecution(target, {
          pipelineName,
          pipelineExecutionId: request.pipelineExecutionId!,
          abandon: request.abandon ?? false,
          reason: stopReason(userEntityRef, request.reason),
        });
        return {
          ...out,
          message: `${request.abandon ? 'Abandoning' : 'Stopping'} execution ${
            request.pipelineExecutionId
          }`,
        };
      }
      case 'rollback-stage': {
        const out = await operator.rollbackStage(target, {
          pipelineName,
          stageName,
          targetPipelineExecutionId: request.targetPipelineExecutionId!,
        });
        return {
          ...out,
          message: `Rolling ${stageName} back to the revision of execution ${request.targetPipelineExecutionId} (rollback execution ${out.pipelineExecutionId})`,
        };
      }
      case 'disable-transition':
      case 'enable-transition': {
        const enabled = control === 'enable-transition';
        await operator.setStageTransition(target, {
          pipelineName,
          stageName,
          enabled,
          reason: request.reason,
        });
        return {
          message: enabled
            ? `Enabled the transition into ${stageName}`
            : `Disabled the transition into ${stageName}: ${request.reason}`,
        };
      }
      case 'override-condition': {
        const out = await operator.overrideStageCondition(target, {
          pipelineName,
          stageName,
          pipelineExecutionId: request.pipelineExecutionId!,
          conditionType: request.conditionType!,
        });
        return {
          ...out,
          message: `Overrode the ${
            request.conditionType === 'BEFORE_ENTRY' ? 'entry' : 'success'
          } condition of ${stageName} in execution ${
            request.pipelineExecutionId
          }`,
        };
      }
      case 'start-execution': {
        // The same user starting from the same state twice (a double submit, a retried request)
        // gets one execution: AWS keeps StartPipelineExecution idempotent per request token.
        const clientRequestToken = createHash('sha256')
          .update(
            `${userEntityRef}\u0000${pipelineName}\u0000${
              request.seen?.pipelineExecutionId ?? ''
            }`,
          )
          .digest('hex');
        const out = await operator.startPipelineExecution(target, {
          pipelineName,
          clientRequestToken,
        });
        return {
          ...out,
          message: `Started execution ${out.pipelineExecutionId}`,
        };
      }
      default:
        throw new InputError(`Unknown control ${control}`);
    }
  }

  return {
    async operate({ entityRef, userEntityRef, control, request }) {
      const problems = controlRequestProblems(control, request);
      if (problems.length > 0) {
        throw new InputError(
          `Invalid ${control} request: ${problems.join('; ')}`,
        );
      }
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
      const target: AwsTarget = {
        accountId: link.accountId,
        region: link.region,
        roleArn: link.roleArn,
      };
      const requestedAt = now();
      let sending = false;
      let sent: { pipelineExecutionId?: string; message: string };
      try {
        sent = await withAwsDeadline(deadlineMs, `The ${control}`, async () => {
          await checkSeen(target, link.name, control, request);
          sending = true;
          return send(target, link.name, control, request, userEntityRef);
        });
      } catch (error) {
        if (
          error instanceof ConflictError ||
          error instanceof NotFoundError ||
          error instanceof InputError
        ) {
          throw error;
        }
        const name = (error as Error)?.name;
        const described = describeAwsError(error);
        if (REFUSED_IN_THIS_STATE.has(name)) {
          throw new ConflictError(
            `AWS refused ${control} in the pipeline's current state (${name}: ${
              (error as Error).message
            }); refresh to see it`,
          );
        }
        if (name === 'ValidationException') {
          throw new InputError(`AWS refused the request: ${described.message}`);
        }
        if (name === 'StageNotFoundException') {
          throw new NotFoundError(
            `Stage ${request.stageName} does not exist in pipeline ${link.name}`,
          );
        }
        const noAnswer =
          described.kind === 'timeout' || described.kind === 'network';
        throw new ServiceUnavailableError(
          sending && noAnswer
            ? `AWS did not answer ${control}; it may have been applied. Refresh to see before trying again (${described.message})`
            : `${control} was not sent: ${described.message}; try again`,
        );
      }
      options.background.refreshInBackground([link.arn], `control:${control}`);
      return {
        control,
        pipelineArn: link.arn,
        ...(sent.pipelineExecutionId
          ? { pipelineExecutionId: sent.pipelineExecutionId }
          : {}),
        requestedBy: userEntityRef,
        requestedAt: requestedAt.toISOString(),
        message: sent.message,
      };
    },
  };
}
