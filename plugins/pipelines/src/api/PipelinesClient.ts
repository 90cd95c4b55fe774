import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
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
  GetMetricsOptions,
  PipelinesApi,
} from './PipelinesApi';

/**
 * {@link PipelinesApi} over HTTP, using the discovery and fetch APIs (the latter adds the user's
 * Backstage token).
 *
 * @public
 */
export class PipelinesClient implements PipelinesApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityPipelines(
    entity: CompoundEntityRef,
  ): Promise<EntityPipelinesResponse> {
    return this.requestJson(this.entityPath(entity, 'pipelines'));
  }

  async getExecutions(
    entity: CompoundEntityRef,
    options: GetExecutionsOptions = {},
  ): Promise<ExecutionsResponse> {
    const query = new URLSearchParams();
    if (options.pipelineArn) query.set('pipelineArn', options.pipelineArn);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    return this.requestJson(this.entityPath(entity, 'executions', query));
  }

  async getFindings(entity: CompoundEntityRef): Promise<FindingsResponse> {
    return this.requestJson(this.entityPath(entity, 'findings'));
  }

  async getMetrics(
    entity: CompoundEntityRef,
    options: GetMetricsOptions = {},
  ): Promise<DeliveryMetricsResponse> {
    const query = new URLSearchParams();
    if (options.windowDays !== undefined) {
      query.set('windowDays', String(options.windowDays));
    }
    if (options.pipelineArn) query.set('pipelineArn', options.pipelineArn);
    return this.requestJson(this.entityPath(entity, 'metrics', query));
  }

  async getAlarmHistory(
    entity: CompoundEntityRef,
    options: GetAlarmHistoryOptions,
  ): Promise<AlarmHistoryResponse> {
    const query = new URLSearchParams();
    query.set('pipelineArn', options.pipelineArn);
    query.set('region', options.region);
    query.set('alarmName', options.alarmName);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    return this.requestJson(this.entityPath(entity, 'alarm-history', query));
  }

  async decideApproval(
    entity: CompoundEntityRef,
    request: ApprovalDecisionRequest,
  ): Promise<ApprovalDecisionResponse> {
    return this.requestJson(this.entityPath(entity, 'approvals'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async operatePipeline(
    entity: CompoundEntityRef,
    control: PipelineControl,
    request: PipelineControlRequest,
  ): Promise<PipelineControlResponse> {
    return this.requestJson(
      this.entityPath(entity, `controls/${encodeURIComponent(control)}`),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
  }

  async markEntityViewed(entity: CompoundEntityRef): Promise<void> {
    const response = await this.request(this.entityPath(entity, 'refresh'), {
      method: 'POST',
    });
    // The body is `{}`; nothing to read, but drain it so the connection is released.
    await response.text();
  }

  async getStatus(): Promise<PipelinesStatusResponse> {
    return this.requestJson('/status');
  }

  async getPendingApprovals(): Promise<PendingApprovalsResponse> {
    return this.requestJson('/approvals/pending');
  }

  private entityPath(
    entity: CompoundEntityRef,
    resource: string,
    query?: URLSearchParams,
  ): string {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(part => encodeURIComponent(part))
      .join('/');
    const search = query && query.toString() ? `?${query.toString()}` : '';
    return `/entities/${path}/${resource}${search}`;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('pipelines');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }
}
