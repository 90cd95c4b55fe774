import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  approvalDecidePermission,
  pipelinesReadPermission,
} from '@dpra/plugin-pipelines-common';
import type { PipelinesStatusResponse } from '@dpra/plugin-pipelines-common';
import express, { NextFunction, Request, Response, Router } from 'express';
import {
  createOpenApiRouter,
  type EndpointMap,
} from '../schema/openapi/generated/router';
import { registerControlRoutes } from './controlRoutes';
import type { PipelineControlService } from './PipelineControlService';
import { sendPreparedJson } from './PreparedJsonBody';
import { ShortLivedAccessCache } from './ShortLivedAccessCache';
import { userDisplayName } from './userDisplayName';
import type {
  ApprovalService,
  EntityPipelineResolver,
  EntityPipelinesResponseCache,
  EntityPipelinesService,
} from './types';

/** Dependencies of the REST API. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  logger: LoggerService;
  entities: EntityPipelinesService;
  responses: EntityPipelinesResponseCache;
  resolver: EntityPipelineResolver;
  approvals: ApprovalService;
  /** The stage controls (retry, stop, roll back, transitions, override, start). */
  controls: PipelineControlService;
  targets: number;
  /**
   * How long the caller's access to an entity (catalog lookup, read and decide permissions) is
   * reused for further reads by the same caller, in milliseconds; 0 asks on every request.
   * Deciding an approval always asks afresh. Default 5000.
   */
  accessCacheMs?: number;
}

/** A request of any route under `/entities/{kind}/{namespace}/{name}/`. */
type EntityRouteRequest = Request<
  { kind: string; namespace: string; name: string },
  any,
  any,
  any
>;

/**
 * The entity reference of an entity route's path, or a 400 naming every malformed part: an
 * entity's kind and namespace cannot contain `/` or `:` (`a%2Fb` decodes to one), and no part may
 * be empty.
 */
function entityRefOfPath(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  const problems = (['kind', 'namespace', 'name'] as const).flatMap(key => {
    const value = params[key];
    if (!value) {
      return [`${key} must not be empty`];
    }
    if (key !== 'name' && /[/:]/.test(value)) {
      return [`${key} "${value}" must not contain "/" or ":"`];
    }
    if (key === 'name' && value.includes('/')) {
      return [`name "${value}" must not contain "/"`];
    }
    return [];
  });
  if (problems.length > 0) {
    throw new InputError(`Malformed entity path: ${problems.join('; ')}`);
  }
  return stringifyEntityRef(params);
}

/** The pipelines REST API (described in `src/schema/openapi.yaml`). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    catalog,
    auditor,
    entities,
    responses,
    resolver,
    approvals,
    logger,
  } = options;
  // Requests are validated against openapi.yaml before a handler runs (a 400 InputError names
  // what is wrong), and the handlers are typed from it.
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '64kb' })],
    validatorOptions: {
      validateRequests: {
        // Backstage's defaults, plus every problem of a request at once (not only the first).
        coerceTypes: false,
        allowUnknownQueryParameters: false,
        allErrors: true,
      },
    },
  });

  /** What the catalog and the permission framework answered for a caller and an entity. */
  const access = new ShortLivedAccessCache<{
    entity: Entity | undefined;
    canRead: boolean;
    canDecide: boolean;
  }>({ ttlMs: options.accessCacheMs ?? 5000 });

  /**
   * Loads the entity of the path for the caller (the catalog applies its own read rules) and
   * checks our read permission on it; answers which approvals the caller may decide. The answer
   * is reused for `accessCacheMs` per caller and entity: a permission change takes effect after
   * at most that long for reads (decisions check afresh).
   */
  /**
   * Entity objects (as reused from `access`) already stored by the resolver: while the catalog
   * answers with the same object, its annotations have not changed and need no second look.
   */
  const ensuredEntities = new WeakSet<Entity>();

  async function authorizedEntity(req: EntityRouteRequest) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = entityRefOfPath(req.params);
    const { principal } = credentials;
    const caller =
      principal.type === 'user'
        ? `user:${principal.userEntityRef}`
        : `service:${principal.subject}`;
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
    return { entity, entityRef, credentials, canDecide };
  }

  router.get('/status', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body: PipelinesStatusResponse = {
      source: entities.source(),
      targets: options.targets,
    };
    res.json(body);
  });

  router.get(
    '/entities/:kind/:namespace/:name/executions',
    async (req, res) => {
      const { entityRef } = await authorizedEntity(req);
      res.json(await entities.getExecutions(entityRef, req.query));
    },
  );

  router.get('/entities/:kind/:namespace/:name/findings', async (req, res) => {
    const { entityRef } = await authorizedEntity(req);
    res.json(await entities.getFindings(entityRef, req.query));
  });

  router.get(
    '/entities/:kind/:namespace/:name/alarm-history',
    async (req, res) => {
      const { entityRef } = await authorizedEntity(req);
      res.json(await entities.getAlarmHistory(entityRef, req.query));
    },
  );

  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const { entityRef } = await authorizedEntity(req);
    res.json(await entities.getMetrics(entityRef, req.query));
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const { entity, entityRef } = await authorizedEntity(req);
    const event = await auditor.createEvent({
      eventId: 'pipelines-refresh',
      severityLevel: 'low',
      request: req,
      meta: { entityRef },
    });
    try {
      await resolver.ensureEntity(entity);
      await entities.markViewed(entityRef);
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    res.status(202).json({});
  });

  router.post(
    '/entities/:kind/:namespace/:name/approvals',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = entityRefOfPath(req.params);
      const event = await auditor.createEvent({
        eventId: 'approval-decide',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef,
          pipelineArn:
            typeof req.body?.pipelineArn === 'string'
              ? req.body.pipelineArn
              : null,
          stageName:
            typeof req.body?.stageName === 'string' ? req.body.stageName : null,
          actionName:
            typeof req.body?.actionName === 'string'
              ? req.body.actionName
              : null,
          decision:
            typeof req.body?.decision === 'string' ? req.body.decision : null,
          decidedBy: credentials.principal.userEntityRef,
        },
      });
      try {
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
        await resolver.ensureEntity(entity);
        const userEntityRef = credentials.principal.userEntityRef;
        const result = await approvals.decide({
          entityRef,
          userEntityRef,
          userDisplayName: await userDisplayName(
            catalog,
            userEntityRef,
            credentials,
            logger,
          ),
          request: req.body,
        });
        await event.success({
          meta: {
            summary: result.summary,
            decidedAt: result.decidedAt,
            outcome: result.outcome ?? null,
          },
        });
        res.status(result.outcome === 'unknown' ? 202 : 200).json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  registerControlRoutes(router, {
    httpAuth,
    permissions,
    catalog,
    auditor,
    resolver,
    controls: options.controls,
    entityRefOfPath,
  });

  // The hot route answers before the validator: its only inputs are the path's three strings and
  // `If-None-Match`, and express-openapi-validator would about double its CPU per request
  // (measured: bench/README.md). It stays typed from the spec, and the plugin tests check its
  // answers against the spec.
  const hot = Router();
  type HotRoute =
    EndpointMap['#get|/entities/{kind}/{namespace}/{name}/pipelines'];
  hot.get(
    '/entities/:kind/:namespace/:name/pipelines',
    (
      req: Request<HotRoute['path'], HotRoute['response']>,
      res: Response<HotRoute['response']>,
      next: NextFunction,
    ) => {
      (async () => {
        const { entity, entityRef, canDecide } = await authorizedEntity(req);
        if (!ensuredEntities.has(entity)) {
          await resolver.ensureEntity(entity);
          ensuredEntities.add(entity);
        }
        const body = await responses.getBody(entityRef, {
          canDecideApprovals: canDecide,
        });
        await sendPreparedJson(req, res, body);
      })().catch(next);
    },
  );
  hot.use(router);

  return hot;
}
