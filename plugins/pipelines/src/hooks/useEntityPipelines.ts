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
 * anything is running, baking or waiting for approval and every 30 s otherwise. The last answer
 * is shown at once when the tab or card mounts again, while the current one is fetched.
 */
export function useEntityPipelines(
  entityRef: CompoundEntityRef,
): PolledResource<EntityPipelinesResponse> {
  const api = useApi(pipelinesApiRef);
  const ref = stringifyEntityRef(entityRef);
  return useSignalledResource(
    pipelinesSignalChannel(ref),
    () => api.getEntityPipelines(entityRef),
    value => pipelinesPollInterval(value),
    [api, ref],
    { store: api, key: `pipelines ${ref}` },
  );
}
