import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type {
  PipelineControl,
  PipelineControlRequest,
} from '@dpra/plugin-pipelines-common';
import type { Request, Router } from 'express';
import {
  operatePipelineAudited,
  type PipelineOperationDeps,
} from './operatePipelineAudited';

export { CONTROL_AUDIT_EVENT_ID } from './operatePipelineAudited';

/** Dependencies of the stage control routes. */
export interface ControlRoutesOptions extends PipelineOperationDeps {
  httpAuth: HttpAuthService;
  /** The entity reference of an entity route's path (400 when malformed). */
  entityRefOfPath(params: {
    kind: string;
    namespace: string;
    name: string;
  }): string;
}

/**
 * `POST /entities/{kind}/{namespace}/{name}/controls/{control}`: one route for every control
 * (the validator checks the control name and body against the spec), run through
 * {@link operatePipelineAudited} like the actions for AI tools.
 */
export function registerControlRoutes(
  router: Router,
  options: ControlRoutesOptions,
): void {
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
      const credentials = await options.httpAuth.credentials(req, {
        allow: ['user'],
      });
      const result = await operatePipelineAudited(options, {
        credentials,
        entityRef: options.entityRefOfPath(req.params),
        control: req.params.control as PipelineControl,
        request: req.body,
        httpRequest: req,
        via: 'rest',
      });
      res.json(result);
    },
  );
}
