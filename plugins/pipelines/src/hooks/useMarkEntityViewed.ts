import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { pipelinesApiRef } from '../api';

/**
 * Once per mounted entity, tell the backend the entity is being looked at so its refresher polls it
 * more often for a while. Failures are ignored on purpose: the page works from the store anyway.
 */
export function useMarkEntityViewed(entityRef: CompoundEntityRef): void {
  const api = useApi(pipelinesApiRef);
  const { kind, namespace, name } = entityRef;
  useEffect(() => {
    api.markEntityViewed({ kind, namespace, name }).catch(() => undefined);
  }, [api, kind, namespace, name]);
}
