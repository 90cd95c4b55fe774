import { useApi } from '@backstage/core-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  pipelinesSignalChannel,
  type EntityPipelinesResponse,
} from '@dpra/plugin-pipelines-common';
import { pipelinesApiRef } from '../api';
import { pipelinesPollInterval } from './pipelineActivity';
import type { PolledResource } from './usePolledResource';
import { useSignalledResource } from './useSignalledResource';

/**
 * The entity's pipelines, re-fetched when the backend signals a change, and every 5 s while
 * anything is running, baking or waiting for approval and every 30 s otherwise.
 */
export function useEntityPipelines(
  entityRef: CompoundEntityRef,
): PolledResource<EntityPipelinesResponse> {
  const api = useApi(pipelinesApiRef);
  return useSignalledResource(
    pipelinesSignalChannel(stringifyEntityRef(entityRef)),
    () => api.getEntityPipelines(entityRef),
    value => pipelinesPollInterval(value),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
}
