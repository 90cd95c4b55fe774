import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityPipelinesResponse } from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../api';
import { pipelinesPollInterval } from './pipelineActivity';
import { usePolledResource, PolledResource } from './usePolledResource';

/**
 * The entity's pipelines, re-fetched every 5 s while anything is running, baking or waiting for
 * approval and every 30 s otherwise.
 */
export function useEntityPipelines(
  entityRef: CompoundEntityRef,
): PolledResource<EntityPipelinesResponse> {
  const api = useApi(pipelinesApiRef);
  return usePolledResource(
    () => api.getEntityPipelines(entityRef),
    value => pipelinesPollInterval(value),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
}
