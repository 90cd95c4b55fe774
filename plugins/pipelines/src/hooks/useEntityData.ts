import { useApi } from '@backstage/core-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import type {
  DeliveryMetricsResponse,
  ExecutionsResponse,
  FindingsResponse,
} from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../api';
import { PolledResource, usePolledResource } from './usePolledResource';

/** Findings change with builds, not by the second: once a minute is plenty. */
const FINDINGS_POLL_MS = 60_000;
/** Execution history follows the run; the wave board polls faster when it matters. */
const EXECUTIONS_POLL_MS = 30_000;
/** Metrics are daily aggregates. */
const METRICS_POLL_MS = 5 * 60_000;

// Each resource's key names it with its parameters: it is what the hook re-fetches on when it
// changes, and where the API client remembers its last answer (see usePolledResource's
// `rememberAt`: back on the tab, it shows at once while the current one is fetched).

/** Findings, test results and coverage of the entity's builds. */
export function useFindings(
  entityRef: CompoundEntityRef,
): PolledResource<FindingsResponse> {
  const api = useApi(pipelinesApiRef);
  const key = `findings ${stringifyEntityRef(entityRef)}`;
  return usePolledResource(
    () => api.getFindings(entityRef),
    () => FINDINGS_POLL_MS,
    [api, key],
    { store: api, key },
  );
}

/** Executions of the entity's pipelines, newest first. */
export function useExecutions(
  entityRef: CompoundEntityRef,
  options: { pipelineArn?: string; limit?: number } = {},
): PolledResource<ExecutionsResponse> {
  const api = useApi(pipelinesApiRef);
  const key = `executions ${stringifyEntityRef(entityRef)} ${
    options.pipelineArn ?? ''
  } ${options.limit ?? ''}`;
  return usePolledResource(
    () => api.getExecutions(entityRef, options),
    () => EXECUTIONS_POLL_MS,
    [api, key],
    { store: api, key },
  );
}

/** Delivery metrics over a window of days. */
export function useDeliveryMetrics(
  entityRef: CompoundEntityRef,
  options: { windowDays?: number; pipelineArn?: string } = {},
): PolledResource<DeliveryMetricsResponse> {
  const api = useApi(pipelinesApiRef);
  const key = `metrics ${stringifyEntityRef(entityRef)} ${
    options.windowDays ?? ''
  } ${options.pipelineArn ?? ''}`;
  return usePolledResource(
    () => api.getMetrics(entityRef, options),
    () => METRICS_POLL_MS,
    [api, key],
    { store: api, key },
  );
}
