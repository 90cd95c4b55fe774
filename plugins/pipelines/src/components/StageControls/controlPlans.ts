import { ResponseError } from '@backstage/errors';
import {
  pipelineOperatePermission,
  type ExecutionView,
  type LayoutStage,
  type PipelineControl,
  type PipelineControlRequest,
  type PipelineView,
  type StageStateView,
} from '@dpra/plugin-pipelines-common';
import { serverErrorMessage } from '../Approvals/approvalErrorMessage';
import { mainRevision, shortRevision } from '../Revision';
import { readableRevisionSummary } from '../SourceRevision/revisionSummary';

/** What the user types into a control's dialog besides confirming it. */
export type ControlInput = 'retry-mode' | 'stop' | 'transition-reason';

/**
 * One control the user may run now, with exactly what it will do (the dialog shows `effect`) and
 * the request that carries what the user saw (`seen`), so the backend can refuse it with a 409
 * when the pipeline moved on meanwhile.
 */
export interface ControlPlan {
  control: PipelineControl;
  /** Button label. */
  label: string;
  /** Dialog title. */
  title: string;
  /** What will happen, sentence by sentence. */
  effect: string[];
  input?: ControlInput;
  /** Irreversible for the running execution: the confirm button says so in its colour. */
  destructive?: boolean;
  request: PipelineControlRequest;
}

/** `5f1c2e9…` style: enough of an execution id to tell it apart. */
export function shortExecutionId(id: string | undefined): string {
  return id ? id.slice(0, 8) : 'unknown';
}

/** "abc1234 "Fix NPE when the cart is empty"" for an execution, when its revision is known. */
export function revisionText(execution: ExecutionView | undefined): string {
  const revision = mainRevision(execution);
  if (!revision) return 'an unknown revision';
  const message = readableRevisionSummary(revision.revisionSummary);
  const id = shortRevision(revision.revisionId) ?? revision.actionName;
  return message ? `${id} "${message}"` : id;
}

/**
 * The execution a stage rolls back to: the newest standard execution that succeeded (so went
 * through the stage) and is older than the execution the stage holds now.
 */
export function rollbackTarget(
  pipelineArn: string,
  state: StageStateView | undefined,
  executions: readonly ExecutionView[],
): ExecutionView | undefined {
  const own = executions
    .filter(e => e.pipelineArn === pipelineArn)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const current = own.find(e => e.id === state?.pipelineExecutionId);
  return own.find(
    e =>
      e.id !== state?.pipelineExecutionId &&
      e.status === 'Succeeded' &&
      (e.executionType ?? 'STANDARD') === 'STANDARD' &&
      (!current?.startedAt ||
        (e.startedAt ?? '').localeCompare(current.startedAt) < 0),
  );
}

const MODE_EFFECT: Record<string, string> = {
  QUEUED:
    'In QUEUED mode it waits behind the executions ahead of it at each stage.',
  SUPERSEDED:
    'In SUPERSEDED mode it replaces an older execution waiting at the same stage boundary.',
  PARALLEL:
    'In PARALLEL mode it runs alongside the executions already in progress.',
};

/** The controls of the pipeline as a whole: start a new execution, stop the latest one. */
export function pipelinePlans(
  pipeline: PipelineView,
  executions: readonly ExecutionView[],
): ControlPlan[] {
  const latest = pipeline.latestExecution;
  const plans: ControlPlan[] = [
    {
      control: 'start-execution',
      label: 'Start execution',
      title: `Start a new execution of ${pipeline.name}`,
      effect: [
        `CodePipeline starts a new execution of ${pipeline.name} with the newest commit of its source branch.`,
        MODE_EFFECT[pipeline.executionMode ?? ''] ?? '',
      ].filter(Boolean),
      request: {
        pipelineArn: pipeline.arn,
        seen: latest
          ? { pipelineExecutionId: latest.id, status: latest.status }
          : {},
      },
    },
  ];
  // The newest running execution: the latest one, or an older one still running behind a newer
  // that ended (a rollback, a superseded or PARALLEL run).
  const running = [
    ...(latest ? [latest] : []),
    ...executions
      .filter(e => e.pipelineArn === pipeline.arn)
      .sort((x, y) => (y.startedAt ?? '').localeCompare(x.startedAt ?? '')),
  ].find(e => e.status === 'InProgress' || e.status === 'Stopping');
  if (running) {
    plans.push(stopPlan(pipeline, running.id, running.status, executions));
  }
  return plans;
}

function stopPlan(
  pipeline: PipelineView,
  executionId: string,
  status: string,
  executions: readonly ExecutionView[],
): ControlPlan {
  const execution = executions.find(e => e.id === executionId);
  return {
    control: 'stop-execution',
    label: 'Stop execution',
    title: `Stop execution ${shortExecutionId(executionId)}`,
    effect: [
      `Execution ${shortExecutionId(executionId)} of ${
        pipeline.name
      } (${revisionText(execution)}) stops: no further stage runs for it.`,
      'Stop and wait lets the running actions finish first; Abandon stops them at once (a deployment may be left half done).',
    ],
    input: 'stop',
    destructive: true,
    request: {
      pipelineArn: pipeline.arn,
      pipelineExecutionId: executionId,
      seen: { pipelineExecutionId: executionId, status },
    },
  };
}

/** The controls that apply to one stage in its current state. */
export function stagePlans(
  pipeline: PipelineView,
  stage: LayoutStage,
  state: StageStateView | undefined,
  executions: readonly ExecutionView[],
): ControlPlan[] {
  const plans: ControlPlan[] = [];
  const id = state?.pipelineExecutionId;
  const execution = executions.find(e => e.id === id);
  const seen =
    id && state ? { pipelineExecutionId: id, status: state.status } : undefined;
  const base = { pipelineArn: pipeline.arn, stageName: stage.name };
  if (seen && (state?.status === 'Failed' || state?.status === 'Stopped')) {
    plans.push({
      control: 'retry-stage',
      label: 'Retry',
      title: `Retry ${stage.name}`,
      effect: [
        `CodePipeline runs ${stage.name} again in execution ${shortExecutionId(
          id,
        )} (${revisionText(
          execution,
        )}): only its failed actions, or all of them, as you choose.`,
        'When the stage succeeds, the execution goes on to the next stages.',
      ],
      input: 'retry-mode',
      request: { ...base, pipelineExecutionId: id, seen },
    });
  }
  if (
    seen &&
    state?.status === 'InProgress' &&
    pipeline.executionMode === 'PARALLEL'
  ) {
    // In PARALLEL mode every stage may run another execution: stop the one in this stage.
    plans.push(stopPlan(pipeline, id!, 'InProgress', executions));
  }
  if (seen && state?.onSuccessStatus === 'InProgress') {
    plans.push({
      control: 'override-condition',
      label: 'End bake now',
      title: `Override the bake of ${stage.name}`,
      effect: [
        `The bake of ${stage.name} in execution ${shortExecutionId(
          id,
        )} ends now, without waiting for the rest of its wait time; its alarms are not checked again for this execution.`,
        'The execution goes on to the next stage at once.',
      ],
      destructive: true,
      request: {
        ...base,
        pipelineExecutionId: id,
        conditionType: 'ON_SUCCESS',
        seen,
      },
    });
  }
  if (
    seen &&
    state?.status === 'Failed' &&
    state.beforeEntryStatus === 'Failed'
  ) {
    plans.push({
      control: 'override-condition',
      label: 'Enter anyway',
      title: `Override the entry condition of ${stage.name}`,
      effect: [
        `Execution ${shortExecutionId(id)} (${revisionText(
          execution,
        )}) enters ${stage.name} although its entry condition failed${
          state.blockedReason ? ` (${state.blockedReason})` : ''
        }.`,
      ],
      destructive: true,
      request: {
        ...base,
        pipelineExecutionId: id,
        conditionType: 'BEFORE_ENTRY',
        seen,
      },
    });
  }
  const target = rollbackTarget(pipeline.arn, state, executions);
  if (
    stage.phase !== 'source' &&
    seen &&
    state?.status !== 'InProgress' &&
    target
  ) {
    plans.push({
      control: 'rollback-stage',
      label: 'Roll back',
      title: `Roll ${stage.name} back`,
      effect: [
        `CodePipeline starts a rollback execution that deploys ${
          stage.name
        } again with revision ${revisionText(
          target,
        )} from execution ${shortExecutionId(
          target.id,
        )}, the last successful execution before the one ${
          stage.name
        } holds now (${revisionText(execution)}).`,
        'Entry conditions and bakes do not apply to a rollback; later stages are not changed.',
      ],
      destructive: true,
      request: { ...base, targetPipelineExecutionId: target.id, seen },
    });
  }
  if (stage.phase !== 'source') {
    const enabled = state?.inboundTransitionEnabled !== false;
    plans.push(
      enabled
        ? {
            control: 'disable-transition',
            label: 'Disable transition',
            title: `Disable the transition into ${stage.name}`,
            effect: [
              `Executions stop before ${stage.name} until the transition is enabled again; an execution already in ${stage.name} finishes it.`,
              'Your reason is shown in the AWS console and on this page.',
            ],
            input: 'transition-reason',
            request: { ...base, seen: { transitionEnabled: true } },
          }
        : {
            control: 'enable-transition',
            label: 'Enable transition',
            title: `Enable the transition into ${stage.name}`,
            effect: [
              `The newest execution waiting before ${stage.name} enters it now${
                state?.disabledReason
                  ? ` (it was disabled: ${state.disabledReason})`
                  : ''
              }.`,
            ],
            request: { ...base, seen: { transitionEnabled: false } },
          },
    );
  }
  return plans;
}

/** Why the controls are disabled for a user without the permission. */
export const NOT_ALLOWED_TO_OPERATE = `You cannot operate this pipeline: the permission ${pipelineOperatePermission.name} on this entity is not granted to you (the portal grants it to the entity's owners).`;

/** The server's words for a refused control, with what it means for the user. */
export function controlErrorMessage(error: unknown): string {
  const message = serverErrorMessage(error);
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  if (status === 409) {
    return `${message.replace(
      /[.;]?\s*refresh (and try again|to see it)\.?$/i,
      '',
    )}. Nothing was done: refresh to see the current state, then decide again.`;
  }
  if (status === 403) {
    return `You are not allowed to operate this pipeline: the permission ${pipelineOperatePermission.name} on this entity is missing (${message}).`;
  }
  if (status === 400) return `The request was refused: ${message}`;
  return `The control could not be sent: ${message}`;
}
