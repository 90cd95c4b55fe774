import {
  STOP_REASON_MAX_LENGTH,
  TRANSITION_REASON_PATTERN,
  TRANSITION_REASON_RULE,
  type PipelineControl,
  type PipelineControlRequest,
} from '@dpra/plugin-pipelines-common';
import { operatePipelineAudited } from '../service/operatePipelineAudited';
import {
  entityRefInput,
  pipelineArnInput,
  userCredentials,
  type PipelinesActionsDeps,
  type Zod,
} from './types';

/** What every stage control action answers: the REST route's response. */
function controlOutput(z: Zod) {
  return z.object({
    control: z.string().describe('The control that ran.'),
    pipelineArn: z.string().describe('Pipeline ARN.'),
    pipelineExecutionId: z
      .string()
      .optional()
      .describe('The execution AWS named (retried, stopped or the rollback).'),
    requestedBy: z.string().describe('Who ran it (user entity ref).'),
    requestedAt: z.string().describe('When (ISO 8601).'),
    message: z.string().describe('What happened, for people.'),
  });
}

/** What the caller saw of the execution a control acts on: it, in the status last read. */
const seenExecution = (pipelineExecutionId: string, status: string) => ({
  pipelineExecutionId,
  status,
});

const STALE =
  'Fails with a conflict when AWS shows the pipeline otherwise than described here (it changed since it was read): read it again with pipelines:get-entity-pipelines before retrying.';
const DENIED =
  'Fails when the user may not operate the pipelines of the entity (permission dpra.pipeline.operate).';

/**
 * The stage controls as actions for AI tools (retry, stop, roll back, pause/resume promotion),
 * each marked destructive and run through {@link operatePipelineAudited}: the permission, the
 * `seen` check, the AWS call and the audit event of `POST …/controls/{control}`.
 */
export function registerOperatePipelineActions(deps: PipelinesActionsDeps) {
  const run = async (
    credentials: Parameters<typeof userCredentials>[0],
    entityRef: string,
    control: PipelineControl,
    request: PipelineControlRequest,
  ) => ({
    output: {
      ...(await operatePipelineAudited(deps, {
        credentials: userCredentials(credentials, 'Pipelines are operated'),
        entityRef,
        control,
        request,
        via: 'action',
      })),
    },
  });
  const writes = { destructive: true, readOnly: false, idempotent: false };

  /**
   * A control on one execution the caller read (retry, stop): the input names the execution and
   * the status it was read in, which the control's `seen` check compares with what AWS shows.
   * (The registry types an action's input loosely; its schema has checked it.)
   */
  const runOnSeenExecution = (
    credentials: Parameters<typeof userCredentials>[0],
    control: PipelineControl,
    input: Record<string, any>,
  ) => {
    const { entityRef, seenStatus, ...request } = input;
    return run(credentials, entityRef, control, {
      ...(request as PipelineControlRequest),
      seen: seenExecution(request.pipelineExecutionId, seenStatus),
    });
  };

  deps.actionsRegistry.register({
    name: 'retry-stage',
    title: 'Retry a failed or stopped stage',
    description: `Retries a stage of an AWS CodePipeline execution that failed or was stopped (RetryStageExecution), as the calling user: only its failed actions, or all of them. The pipeline then goes on from that stage, deploying to the stage's regions. ${DENIED} ${STALE}`,
    attributes: writes,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          pipelineArn: pipelineArnInput(z),
          stageName: z.string().min(1).max(100).describe('Stage to retry.'),
          pipelineExecutionId: z
            .string()
            .min(1)
            .describe('The execution whose stage is retried.'),
          retryMode: z
            .enum(['FAILED_ACTIONS', 'ALL_ACTIONS'])
            .describe(
              'Retry only the failed actions, or every action of the stage.',
            ),
          seenStatus: z
            .string()
            .min(1)
            .describe(
              'The execution status as last read (e.g. Failed or Stopped).',
            ),
        }),
      output: controlOutput,
    },
    action: ({ input, credentials }) =>
      runOnSeenExecution(credentials, 'retry-stage', input),
  });

  deps.actionsRegistry.register({
    name: 'stop-execution',
    title: 'Stop a running execution',
    description: `Stops a running AWS CodePipeline execution (StopPipelineExecution), as the calling user: by default its running actions finish first; with abandon they are abandoned at once. The reason is recorded in AWS with the user's name. ${DENIED} ${STALE}`,
    attributes: writes,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          pipelineArn: pipelineArnInput(z),
          pipelineExecutionId: z.string().min(1).describe('Execution to stop.'),
          abandon: z
            .boolean()
            .optional()
            .describe(
              'Abandon running actions instead of letting them finish.',
            ),
          reason: z
            .string()
            .max(STOP_REASON_MAX_LENGTH)
            .optional()
            .describe('Why it is stopped.'),
          seenStatus: z
            .string()
            .min(1)
            .describe('The execution status as last read (InProgress).'),
        }),
      output: controlOutput,
    },
    action: ({ input, credentials }) =>
      runOnSeenExecution(credentials, 'stop-execution', input),
  });

  deps.actionsRegistry.register({
    name: 'rollback-stage',
    title: 'Roll a stage back to an earlier revision',
    description: `Rolls a stage (e.g. a production wave) back to the revision of an earlier successful execution (RollbackStage), as the calling user: AWS starts a rollback execution that deploys that revision to the stage again. ${DENIED} ${STALE}`,
    attributes: writes,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          pipelineArn: pipelineArnInput(z),
          stageName: z.string().min(1).max(100).describe('Stage to roll back.'),
          targetPipelineExecutionId: z
            .string()
            .min(1)
            .describe(
              'The earlier successful execution whose revision is deployed again.',
            ),
          seenPipelineExecutionId: z
            .string()
            .min(1)
            .describe("The stage's latest execution as last read."),
          seenStatus: z
            .string()
            .min(1)
            .describe(
              "The status of the stage's latest execution as last read.",
            ),
        }),
      output: controlOutput,
    },
    action: async ({ input, credentials }) => {
      const { entityRef, seenPipelineExecutionId, seenStatus, ...request } =
        input;
      return run(credentials, entityRef, 'rollback-stage', {
        ...request,
        seen: {
          pipelineExecutionId: seenPipelineExecutionId,
          status: seenStatus,
        },
      });
    },
  });

  deps.actionsRegistry.register({
    name: 'set-stage-transition',
    title: 'Pause or resume promotion into a stage',
    description: `Disables the transition into a stage (nothing new enters it until it is enabled again; the reason is shown in AWS) or enables it again (Disable/EnableStageTransition), as the calling user. Fails with a conflict when the transition is already in the state asked for. ${DENIED}`,
    attributes: writes,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          pipelineArn: pipelineArnInput(z),
          stageName: z
            .string()
            .min(1)
            .max(100)
            .describe('Stage whose inbound transition changes.'),
          enabled: z
            .boolean()
            .describe(
              'false disables (pauses) the transition, true enables it.',
            ),
          reason: z
            .string()
            .regex(TRANSITION_REASON_PATTERN, TRANSITION_REASON_RULE)
            .optional()
            .describe(
              `Why it is disabled (needed to disable). ${TRANSITION_REASON_RULE}`,
            ),
        }),
      output: controlOutput,
    },
    action: async ({ input, credentials }) => {
      const { entityRef, enabled, ...request } = input;
      // Asking to change it means it was seen the other way: already so is a conflict.
      return run(
        credentials,
        entityRef,
        enabled ? 'enable-transition' : 'disable-transition',
        { ...request, seen: { transitionEnabled: !enabled } },
      );
    },
  });
}
