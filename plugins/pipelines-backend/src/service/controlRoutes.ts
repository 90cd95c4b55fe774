import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  pipelineOperatePermission,
  type PipelineControl,
  type PipelineControlRequest,
} from '@dpra/plugin-pipelines-common';
import type { Request, Router } from 'express';
import type { PipelineControlService } from './PipelineControlService';
import type { EntityPipelineResolver } from './types';

/** Dependencies of the stage control routes. */
export interface ControlRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  resolver: Pick<EntityPipelineResolver, 'ensureEntity'>;
  controls: PipelineControlService;
  /** The entity reference of an entity route's path (400 when malformed). */
  entityRefOfPath(params: {
    kind: string;
    namespace: string;
    name: string;
  }): string;
}

/** The audit event of every control: who ran what on which pipeline and execution. */
export const CONTROL_AUDIT_EVENT_ID = 'pipeline-operate';

/**
 * `POST /entities/{kind}/{namespace}/{name}/controls/{control}`: every control checks the
 * caller's `dpra.pipeline.operate` on the entity afresh (never a cached answer) and is audited
 * (success or failure, with the error).
 */
export function registerControlRoutes(
  router: Router,
  options: ControlRoutesOptions,
): void {
  const { httpAuth, permissions, catalog, auditor, resolver, controls } =
    options;
  router.post(
    '/entities/:kind/:namespace/:name/controls/:control',
    async (
      req: Request<
        { kind: string; namespace: string; name: string; control: string },
        any,
        PipelineControlRequest
      >,
      res,
    ) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = options.entityRefOfPath(req.params);
      const control = req.params.control as PipelineControl;
      const body = req.body;
      const event = await auditor.createEvent({
        eventId: CONTROL_AUDIT_EVENT_ID,
        severityLevel: 'high',
        request: req,
        meta: {
          entityRef,
          control,
          pipelineArn: body.pipelineArn,
          stageName: body.stageName ?? null,
          pipelineExecutionId: body.pipelineExecutionId ?? null,
          targetPipelineExecutionId: body.targetPipelineExecutionId ?? null,
          reason: body.reason ?? null,
          requestedBy: credentials.principal.userEntityRef,
        },
      });
      try {
        const entity = await catalog.getEntityByRef(entityRef, { credentials });
        if (!entity) {
          throw new NotFoundError(`No entity ${entityRef}`);
        }
        const [decision] = await permissions.authorize(
          [{ permission: pipelineOperatePermission, resourceRef: entityRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `${credentials.principal.userEntityRef} may not operate the pipelines of ${entityRef} (permission ${pipelineOperatePermission.name})`,
          );
        }
        await resolver.ensureEntity(entity);
        const result = await controls.operate({
          entityRef,
          userEntityRef: credentials.principal.userEntityRef,
          control,
          request: body,
        });
        await event.success({
          meta: {
            outcome: result.message,
            resultPipelineExecutionId: result.pipelineExecutionId ?? null,
          },
        });
        res.json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );
}
