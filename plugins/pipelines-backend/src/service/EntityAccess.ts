import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  approvalDecidePermission,
  pipelinesReadPermission,
} from '@dpra/plugin-pipelines-common';
import { ShortLivedAccessCache } from './ShortLivedAccessCache';

/**
 * Who may see and decide what, for the REST routes and the actions alike: the catalog (with the
 * caller's credentials, so its own read rules apply) and the permission framework.
 */
export interface EntityAccess {
  /**
   * The entity, if the caller may read its pipelines (NotFoundError when the catalog does not
   * show it to the caller, NotAllowedError without `dpra.pipelines.read`), and whether the caller
   * may decide its approvals. Reused per caller and entity for a few seconds.
   */
  forRead(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<{ entity: Entity; canDecide: boolean }>;
  /**
   * The entity, if the caller (a user) may decide its approvals: always asked afresh.
   * NotFoundError or NotAllowedError otherwise.
   */
  forDecision(
    credentials: BackstageCredentials<{
      type: 'user';
      userEntityRef: string;
    }>,
    entityRef: string,
  ): Promise<Entity>;
}

/** Creates the {@link EntityAccess} of the plugin. */
export function createEntityAccess(options: {
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  /** How long a read answer is reused per caller and entity, in milliseconds; 0 asks every time. */
  cacheMs: number;
}): EntityAccess {
  const { catalog, permissions } = options;
  const access = new ShortLivedAccessCache<{
    entity: Entity | undefined;
    canRead: boolean;
    canDecide: boolean;
  }>({ ttlMs: options.cacheMs });

  return {
    async forRead(credentials, entityRef) {
      const { principal } = credentials as BackstageCredentials<any>;
      const caller =
        principal.type === 'user'
          ? `user:${principal.userEntityRef}`
          : `${principal.type}:${principal.subject}`;
      const { entity, canRead, canDecide } = await access.get(
        `${caller}\u0000${entityRef}`,
        async () => {
          const found = await catalog.getEntityByRef(entityRef, {
            credentials,
          });
          if (!found) {
            return { entity: undefined, canRead: false, canDecide: false };
          }
          const [read, decide] = await permissions.authorize(
            [
              { permission: pipelinesReadPermission, resourceRef: entityRef },
              { permission: approvalDecidePermission, resourceRef: entityRef },
            ],
            { credentials },
          );
          return {
            entity: found,
            canRead: read.result === AuthorizeResult.ALLOW,
            canDecide: decide.result === AuthorizeResult.ALLOW,
          };
        },
      );
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      if (!canRead) {
        throw new NotAllowedError(
          `Not allowed to read the pipelines of ${entityRef}`,
        );
      }
      return { entity, canDecide };
    },

    async forDecision(credentials, entityRef) {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      const [decide] = await permissions.authorize(
        [{ permission: approvalDecidePermission, resourceRef: entityRef }],
        { credentials },
      );
      if (decide.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `${credentials.principal.userEntityRef} may not decide approvals of ${entityRef} (permission ${approvalDecidePermission.name})`,
        );
      }
      return entity;
    },
  };
}
