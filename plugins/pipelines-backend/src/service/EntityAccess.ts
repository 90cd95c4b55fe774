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
  pipelineOperatePermission,
  pipelinesReadPermission,
} from '@dpra/plugin-pipelines-common';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
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
  /**
   * The entity, if the caller (a user) may run stage controls on its pipelines
   * (`dpra.pipeline.operate`): always asked afresh. NotFoundError or NotAllowedError otherwise.
   */
  forOperate(
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

  /** A write's entity and permission, asked afresh: a revoked grant takes effect at once. */
  async function forWrite(
    credentials: BackstageCredentials<{ type: 'user'; userEntityRef: string }>,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    what: string,
  ): Promise<Entity> {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${credentials.principal.userEntityRef} may not ${what} ${entityRef} (permission ${permission.name})`,
      );
    }
    return entity;
  }

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

    forDecision(credentials, entityRef) {
      return forWrite(
        credentials,
        entityRef,
        approvalDecidePermission,
        'decide approvals of',
      );
    },

    forOperate(credentials, entityRef) {
      return forWrite(
        credentials,
        entityRef,
        pipelineOperatePermission,
        'operate the pipelines of',
      );
    },
  };
}
