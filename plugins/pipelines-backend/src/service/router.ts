import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PipelinesStatusResponse } from '@dpra/plugin-pipelines-common';
import express, { NextFunction, Request, Response, Router } from 'express';
import {
  createOpenApiRouter,
  type EndpointMap,
} from '../schema/openapi/generated/router';
import type { PipelineSignals } from '../signals';
import { registerControlRoutes } from './controlRoutes';
import type { PipelineControlService } from './PipelineControlService';
import { sendPreparedJson } from './PreparedJsonBody';
import { userDisplayName } from './userDisplayName';
import { decideApprovalAudited } from './decideApprovalAudited';
import { createEntityAccess, type EntityAccess } from './EntityAccess';
import type {
  ApprovalInboxService,
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
  /** The inbox ("waiting for my approval"), issue 15. */
  inbox: ApprovalInboxService;
  /** Tells open pages to re-fetch after a decision or a control; absent without signals. */
  signals?: PipelineSignals;
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

  const access = createEntityAccess({
    catalog,
    permissions,
    cacheMs: options.accessCacheMs ?? 5000,
  });

  /**
   * Entity objects (as reused from `access`) already stored by the resolver: while the catalog
   * answers with the same object, its annotations have not changed and need no second look.
   */
  const ensuredEntities = new WeakSet<Entity>();

  /**
   * The entity of the path, if the caller may read its pipelines, and whether the caller may
   * decide its approvals (see {@link EntityAccess.forRead}: a permission change takes effect after
   * at most `accessCacheMs` for reads; decisions check afresh).
   */
  async function authorizedEntity(req: EntityRouteRequest) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = entityRefOfPath(req.params);
    const { entity, canDecide } = await access.forRead(credentials, entityRef);
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
      const result = await decideApprovalAudited(
        {
          auditor,
          access,
          resolver,
          approvals,
          inbox: options.inbox,
          signals: options.signals,
        },
        {
          credentials,
          entityRef: entityRefOfPath(req.params),
          userDisplayName: () =>
            userDisplayName(
              catalog,
              credentials.principal.userEntityRef,
              credentials,
              logger,
            ),
          request: req.body,
          httpRequest: req,
          via: 'rest',
        },
      );
      res.status(result.outcome === 'unknown' ? 202 : 200).json(result);
    },
  );

  registerControlRoutes(router, {
    httpAuth,
    access,
    auditor,
    resolver,
    controls: options.controls,
    signals: options.signals,
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
  // Inbox ("waiting for my approval"), issue 15: a hot route too (every open inbox and card
  // polls it), answered before the validator for the same reason; it has no input to validate.
  type InboxRoute = EndpointMap['#get|/approvals/pending'];
  hot.get(
    '/approvals/pending',
    (
      req: Request<Record<string, string>, InboxRoute['response']>,
      res: Response<InboxRoute['response']>,
      next: NextFunction,
    ) => {
      (async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const { body, timings } = await options.inbox.bodyFor(credentials);
        // How long the store read and the permission check took (0 when reused): the inbox
        // benchmark reads it.
        res.setHeader(
          'Server-Timing',
          `store;dur=${timings.storeMs.toFixed(
            2,
          )}, permissions;dur=${timings.permissionsMs.toFixed(2)}`,
        );
        await sendPreparedJson(req, res, body);
      })().catch(next);
    },
  );
  hot.use(router);

  return hot;
}
