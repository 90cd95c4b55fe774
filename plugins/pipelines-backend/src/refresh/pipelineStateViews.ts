import type {
  ActionExecutionDetail,
  GetPipelineStateOutput,
  PipelineExecutionSummary,
} from '@aws-sdk/client-codepipeline';
import type {
  ExecutionStatus,
  ExecutionView,
  PendingApproval,
  PipelineLayout,
  StageStateView,
  StepStatus,
} from '@dpra/plugin-pipelines-common';

/** CodePipeline manual approvals expire after seven days. */
const APPROVAL_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const STEP_STATUSES = new Set<string>([
  'Cancelled',
  'InProgress',
  'Stopped',
  'Stopping',
  'Succeeded',
  'Failed',
  'Skipped',
  'Abandoned',
]);
const toStepStatus = (status: string | undefined): StepStatus =>
  status && STEP_STATUSES.has(status) ? (status as StepStatus) : 'NotStarted';

type StageState = NonNullable<GetPipelineStateOutput['stageStates']>[number];
type ActionExecution = NonNullable<
  NonNullable<StageState['actionStates']>[number]['latestExecution']
>;

/**
 * A stage's status: its latest execution's, or, where AWS omits that (it is optional, and older
 * answers leave it out), the one its actions' executions add up to.
 */
function stageStatus(stage: StageState): StepStatus {
  if (stage.latestExecution?.status) {
    return toStepStatus(stage.latestExecution.status);
  }
  const statuses = (stage.actionStates ?? []).map(a =>
    toStepStatus(a.latestExecution?.status),
  );
  for (const status of [
    'Failed',
    'InProgress',
    'Stopping',
    'Stopped',
  ] as const) {
    if (statuses.includes(status)) {
      return status;
    }
  }
  if (statuses.length > 0 && statuses.every(s => s === 'Succeeded')) {
    return 'Succeeded';
  }
  return 'NotStarted';
}

/** Statuses after which an approval's token can no longer be answered. */
const TERMINAL_ACTION_STATUSES = new Set(['Succeeded', 'Failed', 'Abandoned']);

/**
 * Whether an action execution carrying `token` still waits for it: its token counts as pending
 * unless a terminal status says otherwise (AWS may leave the status out).
 */
export function isApprovalTokenPending(
  execution: ActionExecution | undefined,
  token?: string,
): boolean {
  return Boolean(
    execution?.token &&
      (token === undefined || execution.token === token) &&
      !TERMINAL_ACTION_STATUSES.has(execution.status ?? ''),
  );
}

/**
 * Maps GetPipelineState onto the API's stage views, adding what the wave board needs: when a
 * bake ends (onSuccess alarm watch running + the bake time from the definition) and why a stage
 * is blocked (closed window or alarm in the entry condition, disabled transition).
 */
export function toStageStateViews(
  state: GetPipelineStateOutput,
  layout: PipelineLayout | undefined,
): StageStateView[] {
  return (state.stageStates ?? []).map(stage => {
    const layoutStage = layout?.stages.find(s => s.name === stage.stageName);
    const beforeEntry = stage.beforeEntryConditionState?.latestExecution;
    const onSuccess = stage.onSuccessConditionState?.latestExecution;
    const view: StageStateView = {
      name: stage.stageName ?? '',
      status: stageStatus(stage),
      pipelineExecutionId: stage.latestExecution?.pipelineExecutionId,
      inboundTransitionEnabled: stage.inboundTransitionState?.enabled ?? true,
      actions: (stage.actionStates ?? []).map(action => ({
        name: action.actionName ?? '',
        status: toStepStatus(action.latestExecution?.status),
        lastStatusChange:
          action.latestExecution?.lastStatusChange?.toISOString(),
        summary:
          action.latestExecution?.errorDetails?.message ??
          action.latestExecution?.summary,
        externalUrl:
          action.latestExecution?.externalExecutionUrl ?? action.entityUrl,
        pipelineExecutionId: stage.latestExecution?.pipelineExecutionId,
        externalExecutionId: action.latestExecution?.externalExecutionId,
      })),
    };
    if (stage.inboundTransitionState?.disabledReason) {
      view.disabledReason = stage.inboundTransitionState.disabledReason;
    }
    if (beforeEntry?.status) {
      view.beforeEntryStatus = beforeEntry.status;
    }
    if (onSuccess?.status) {
      view.onSuccessStatus = onSuccess.status;
      const bake = layoutStage?.safety.bakeMinutes;
      // The bake started when the onSuccess conditions started being evaluated.
      const started = (stage.onSuccessConditionState?.conditionStates ?? [])
        .map(c => c.latestExecution?.lastStatusChange?.getTime())
        .filter((t): t is number => t !== undefined);
      if (onSuccess.status === 'InProgress' && bake && started.length > 0) {
        view.bakeEndsAt = new Date(
          Math.min(...started) + bake * 60_000,
        ).toISOString();
      }
    }
    if (beforeEntry?.status === 'Failed' || beforeEntry?.status === 'Errored') {
      view.blockedReason =
        beforeEntry.summary ??
        'An entry condition (time window or alarm) blocks this stage';
    } else if (stage.inboundTransitionState?.enabled === false) {
      view.blockedReason = `Transition disabled${
        stage.inboundTransitionState.disabledReason
          ? `: ${stage.inboundTransitionState.disabledReason}`
          : ''
      }`;
    }
    return view;
  });
}

const approvalActions = (layout: PipelineLayout | undefined) =>
  new Set(
    (layout?.stages ?? []).flatMap(stage =>
      stage.actions
        .filter(a => a.category === 'Approval')
        .map(a => `${stage.name}\u0000${a.name}`),
    ),
  );

/**
 * Pending approvals from GetPipelineState: an Approval action whose latest execution carries a
 * token, and no terminal status, waits for an answer with that token.
 */
export function pendingApprovalsFromState(
  pipelineArn: string,
  state: GetPipelineStateOutput,
  layout: PipelineLayout | undefined,
  configurationOf: (
    stageName: string,
    actionName: string,
  ) => Record<string, string> | undefined,
): PendingApproval[] {
  const approvals = approvalActions(layout);
  const pending: PendingApproval[] = [];
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const execution = action.latestExecution;
      const key = `${stage.stageName}\u0000${action.actionName}`;
      if (!execution?.token || !isApprovalTokenPending(execution)) {
        continue;
      }
      // Without a layout, any InProgress action with a token is an approval (only they have one).
      if (layout && !approvals.has(key)) {
        continue;
      }
      const configuration = configurationOf(
        stage.stageName ?? '',
        action.actionName ?? '',
      );
      pending.push({
        pipelineArn,
        stageName: stage.stageName ?? '',
        actionName: action.actionName ?? '',
        token: execution.token,
        pipelineExecutionId: stage.latestExecution?.pipelineExecutionId,
        requestedAt: execution.lastStatusChange?.toISOString(),
        expiresAt: execution.lastStatusChange
          ? new Date(
              execution.lastStatusChange.getTime() + APPROVAL_LIFETIME_MS,
            ).toISOString()
          : undefined,
        customData: configuration?.CustomData,
        externalEntityLink: configuration?.ExternalEntityLink,
      });
    }
  }
  return pending;
}

/**
 * Pending approvals of a PARALLEL pipeline: several executions can wait at the same approval at
 * once, and GetPipelineState only shows one of them, so they come from ListActionExecutions, where
 * the approval's token is the action execution's external execution id.
 */
export function pendingApprovalsFromActionExecutions(
  pipelineArn: string,
  details: ActionExecutionDetail[],
  layout: PipelineLayout | undefined,
): PendingApproval[] {
  const approvals = approvalActions(layout);
  return details
    .filter(
      d =>
        d.status === 'InProgress' &&
        (d.input?.actionTypeId?.category === 'Approval' ||
          approvals.has(`${d.stageName}\u0000${d.actionName}`)),
    )
    .map(d => {
      const token =
        d.output?.executionResult?.externalExecutionId ??
        d.actionExecutionId ??
        '';
      return {
        pipelineArn,
        stageName: d.stageName ?? '',
        actionName: d.actionName ?? '',
        token,
        pipelineExecutionId: d.pipelineExecutionId,
        requestedAt: d.startTime?.toISOString(),
        expiresAt: d.startTime
          ? new Date(d.startTime.getTime() + APPROVAL_LIFETIME_MS).toISOString()
          : undefined,
        customData: d.input?.configuration?.CustomData,
        externalEntityLink: d.input?.configuration?.ExternalEntityLink,
      };
    })
    .filter(p => p.token);
}

const EXECUTION_STATUSES = new Set<string>([
  'Cancelled',
  'InProgress',
  'Stopped',
  'Stopping',
  'Succeeded',
  'Superseded',
  'Failed',
]);

/** Maps a ListPipelineExecutions summary onto the API's execution view. */
export function toExecutionView(
  pipelineArn: string,
  summary: PipelineExecutionSummary,
): ExecutionView {
  return {
    id: summary.pipelineExecutionId ?? '',
    pipelineArn,
    status: (EXECUTION_STATUSES.has(summary.status ?? '')
      ? summary.status
      : 'InProgress') as ExecutionStatus,
    statusSummary: summary.statusSummary,
    startedAt: summary.startTime?.toISOString(),
    updatedAt: summary.lastUpdateTime?.toISOString(),
    trigger: summary.trigger?.triggerType,
    triggerDetail: summary.trigger?.triggerDetail,
    executionType: summary.executionType ?? 'STANDARD',
    sourceRevisions: (summary.sourceRevisions ?? []).map(r => ({
      actionName: r.actionName ?? '',
      revisionId: r.revisionId,
      revisionSummary: r.revisionSummary,
      revisionUrl: r.revisionUrl,
    })),
  };
}

/** True for statuses after which an execution never changes. */
export const isFinished = (status: string) =>
  status !== 'InProgress' && status !== 'Stopping';

/**
 * Production timings of one execution from its action executions: when it entered the first prod
 * wave, and when the last prod wave finished successfully. Pipelines without production stages
 * use their last stage, as the delivery metrics define.
 */
export function productionTimings(
  details: ActionExecutionDetail[],
  layout: PipelineLayout | undefined,
): { reachedProdAt?: string; prodCompletedAt?: string } {
  const stages = layout?.stages ?? [];
  let prodStages = stages.filter(s => s.phase === 'prod').map(s => s.name);
  if (prodStages.length === 0 && stages.length > 0) {
    prodStages = [stages[stages.length - 1].name];
  }
  if (prodStages.length === 0) {
    return {};
  }
  const inProd = details.filter(
    d => d.stageName && prodStages.includes(d.stageName),
  );
  const starts = inProd
    .map(d => d.startTime?.getTime())
    .filter((t): t is number => t !== undefined);
  const lastStage = prodStages[prodStages.length - 1];
  const last = inProd.filter(d => d.stageName === lastStage);
  const lastDone =
    last.length > 0 && last.every(d => d.status === 'Succeeded')
      ? Math.max(
          ...last.map(d => (d.lastUpdateTime ?? d.startTime)?.getTime() ?? 0),
        )
      : undefined;
  return {
    reachedProdAt: starts.length
      ? new Date(Math.min(...starts)).toISOString()
      : undefined,
    prodCompletedAt: lastDone ? new Date(lastDone).toISOString() : undefined,
  };
}
