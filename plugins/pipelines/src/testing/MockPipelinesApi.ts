import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AlarmHistoryResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  DeliveryMetricsResponse,
  EntityPipelinesResponse,
  ExecutionsResponse,
  FindingsResponse,
  PendingApprovalsResponse,
  PipelineControl,
  PipelineControlRequest,
  PipelineControlResponse,
  PipelinesStatusResponse,
} from '@dpra/plugin-pipelines-common';
import type {
  GetAlarmHistoryOptions,
  GetExecutionsOptions,
  PipelinesApi,
} from '../api';
import {
  makeAlarmHistoryResponse,
  makeFixtureSet,
  FixtureSetOptions,
} from './fixtures';
import { makeResponseError } from './responseError';

/**
 * An in-memory {@link PipelinesApi} serving fixtures, for the dev page and tests. A decision removes
 * the pending approval and moves the pipeline on to production, like the backend would after the
 * next refresh.
 */
export class MockPipelinesApi implements PipelinesApi {
  pipelines: EntityPipelinesResponse;
  executions: ExecutionsResponse;
  findings: FindingsResponse;
  metrics: DeliveryMetricsResponse;
  status: PipelinesStatusResponse = {
    source: { kind: 'local', label: 'Local AWS scenario (demo data)' },
    targets: 1,
  };
  /** Thrown by the next stage controls instead of answering (e.g. a 409 or 403 ResponseError). */
  operateFailure?: Error;
  /** Every call, in order, for assertions. */
  readonly calls: Array<{ method: keyof PipelinesApi; args: unknown[] }> = [];

  constructor(options: FixtureSetOptions = {}) {
    const set = makeFixtureSet(options);
    this.pipelines = set.pipelines;
    this.executions = set.executions;
    this.findings = set.findings;
    this.metrics = set.metrics;
  }

  async getEntityPipelines(entity: CompoundEntityRef) {
    this.calls.push({ method: 'getEntityPipelines', args: [entity] });
    return this.pipelines;
  }

  async getExecutions(
    entity: CompoundEntityRef,
    options?: GetExecutionsOptions,
  ) {
    this.calls.push({ method: 'getExecutions', args: [entity, options] });
    const executions = this.executions.executions.filter(
      e => !options?.pipelineArn || e.pipelineArn === options.pipelineArn,
    );
    return {
      executions: options?.limit
        ? executions.slice(0, options.limit)
        : executions,
    };
  }

  async getFindings(entity: CompoundEntityRef) {
    this.calls.push({ method: 'getFindings', args: [entity] });
    return this.findings;
  }

  async getMetrics(entity: CompoundEntityRef) {
    this.calls.push({ method: 'getMetrics', args: [entity] });
    return this.metrics;
  }

  /**
   * The generated history of an alarm the pipeline watches; a 400 (`InputError`) like the backend's
   * when it does not watch that alarm in that region.
   */
  async getAlarmHistory(
    entity: CompoundEntityRef,
    options: GetAlarmHistoryOptions,
  ): Promise<AlarmHistoryResponse> {
    this.calls.push({ method: 'getAlarmHistory', args: [entity, options] });
    const pipeline = this.pipelines.pipelines.find(
      p => p.arn === options.pipelineArn,
    );
    const alarm = pipeline?.alarms.find(
      a => a.name === options.alarmName && a.region === options.region,
    );
    if (!pipeline || !alarm) {
      throw await makeResponseError(
        400,
        'InputError',
        `Alarm ${options.alarmName} in ${options.region} is not watched by pipeline ${options.pipelineArn}`,
      );
    }
    const response = makeAlarmHistoryResponse({
      pipelineArn: pipeline.arn,
      alarm,
      now: Date.now(),
    });
    return {
      ...response,
      items: response.items.slice(0, options.limit ?? 50),
      freshness: pipeline.freshness,
    };
  }

  async decideApproval(
    entity: CompoundEntityRef,
    request: ApprovalDecisionRequest,
  ): Promise<ApprovalDecisionResponse> {
    this.calls.push({ method: 'decideApproval', args: [entity, request] });
    const decided = {
      decision: request.decision,
      decidedBy: 'user:default/guest',
      decidedByName: 'Guest (local portal)',
      decidedAt: new Date().toISOString(),
      ...(request.comment ? { comment: request.comment } : {}),
    };
    const executionId = this.pipelines.pipelines
      .find(p => p.arn === request.pipelineArn)
      ?.pendingApprovals.find(
        a => a.token === request.token,
      )?.pipelineExecutionId;
    // The backend records the decision on its execution, where the stage and the history read it.
    this.executions = {
      executions: this.executions.executions.map(e =>
        e.pipelineArn === request.pipelineArn && e.id === executionId
          ? {
              ...e,
              decisions: [
                ...(e.decisions ?? []),
                {
                  ...decided,
                  stageName: request.stageName,
                  actionName: request.actionName,
                  outcome: 'sent' as const,
                },
              ],
            }
          : e,
      ),
    };
    this.pipelines = {
      ...this.pipelines,
      pipelines: this.pipelines.pipelines.map(p => {
        if (p.arn !== request.pipelineArn) return p;
        const approvalStatus =
          request.decision === 'Approved' ? 'Succeeded' : 'Failed';
        return {
          ...p,
          pendingApprovals: p.pendingApprovals.filter(
            a => a.token !== request.token,
          ),
          stages: p.stages.map(s => {
            if (s.name === request.stageName) {
              return {
                ...s,
                status: approvalStatus,
                actions: s.actions.map(a => ({ ...a, status: approvalStatus })),
              };
            }
            // Approving starts the first production wave.
            if (
              request.decision === 'Approved' &&
              s.name === p.layout.waves[0]?.stageName
            ) {
              return {
                ...s,
                status: 'InProgress',
                actions: s.actions.map((a, i) => ({
                  ...a,
                  status: i === 0 ? 'InProgress' : 'NotStarted',
                })),
              };
            }
            return s;
          }),
        };
      }),
    };
    return {
      ...decided,
      summary: `${request.decision} in Backstage by ${decided.decidedByName} (${
        decided.decidedBy
      })${request.comment ? `: ${request.comment}` : ''}`,
      outcome: 'sent',
    };
  }

  async operatePipeline(
    entity: CompoundEntityRef,
    control: PipelineControl,
    request: PipelineControlRequest,
  ): Promise<PipelineControlResponse> {
    this.calls.push({
      method: 'operatePipeline',
      args: [entity, control, request],
    });
    if (this.operateFailure) throw this.operateFailure;
    return {
      control,
      pipelineArn: request.pipelineArn,
      pipelineExecutionId:
        request.pipelineExecutionId ?? request.seen.pipelineExecutionId,
      requestedBy: 'user:default/guest',
      requestedAt: new Date().toISOString(),
      message: `${control} accepted`,
    };
  }

  async markEntityViewed(entity: CompoundEntityRef) {
    this.calls.push({ method: 'markEntityViewed', args: [entity] });
  }

  async getStatus() {
    this.calls.push({ method: 'getStatus', args: [] });
    return this.status;
  }

  /**
   * The inbox as the backend lists it for a user who may decide: the pending approvals of this
   * entity's pipelines, each promoting the pipeline's first production wave.
   */
  async getPendingApprovals(): Promise<PendingApprovalsResponse> {
    this.calls.push({ method: 'getPendingApprovals', args: [] });
    return {
      items: this.pipelines.pipelines.flatMap(p =>
        p.pendingApprovals.map(a => ({
          ...a,
          entityRef: this.pipelines.entityRef,
          pipelineName: p.name,
          accountId: p.accountId,
          region: p.region,
          promotes: p.layout.waves[0] && {
            stageName: p.layout.waves[0].stageName,
            waveIndex: p.layout.waves[0].index,
            regions: p.layout.waves[0].regions.map(r => r.region),
          },
          stale: p.freshness.stale,
        })),
      ),
    };
  }

  /** How many times a method was called. */
  count(method: keyof PipelinesApi): number {
    return this.calls.filter(c => c.method === method).length;
  }
}
