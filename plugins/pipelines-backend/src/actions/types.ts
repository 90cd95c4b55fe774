import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { EntityAccess } from '../service/EntityAccess';
import type { PipelineControlService } from '../service/PipelineControlService';
import type { PipelineSignals } from '../signals';
import type {
  ApprovalInboxService,
  ApprovalService,
  EntityPipelineResolver,
  EntityPipelinesService,
} from '../service/types';

/**
 * What the actions for AI tools use: the same services, permission checks and audit as the REST
 * routes (no action reads AWS or the store directly).
 */
export interface PipelinesActionsDeps {
  actionsRegistry: ActionsRegistryService;
  access: EntityAccess;
  resolver: Pick<EntityPipelineResolver, 'ensureEntity'>;
  entities: Pick<
    EntityPipelinesService,
    'getPipelines' | 'getExecutions' | 'getFindings' | 'getMetrics'
  >;
  inbox: ApprovalInboxService;
  approvals: Pick<ApprovalService, 'decide'>;
  controls: PipelineControlService;
  auditor: AuditorService;
  /** Tells open pages to re-fetch after a write; absent without signals. */
  signals?: Pick<PipelineSignals, 'entitiesChanged' | 'inboxChanged'>;
}

/** The zod an action's schema is built with. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** The caller's credentials if they are a user's: writes are done by people, in their name. */
export function userCredentials(
  credentials: BackstageCredentials,
  what: string,
): BackstageCredentials<{ type: 'user'; userEntityRef: string }> {
  const { principal } = credentials as BackstageCredentials<any>;
  if (principal.type !== 'user') {
    throw new NotAllowedError(
      `${what} by users: call this action with a user token`,
    );
  }
  return credentials as BackstageCredentials<{
    type: 'user';
    userEntityRef: string;
  }>;
}

/** The `pipelineArn` input every write action takes, described once. */
export function pipelineArnInput(z: Zod) {
  return z
    .string()
    .regex(/^arn:[a-z-]+:codepipeline:[a-z0-9-]+:\d{12}:[A-Za-z0-9.@_-]+$/)
    .describe(
      "Pipeline ARN (one of the entity's, from pipelines:get-entity-pipelines).",
    );
}

/** The entity of an action's input, if the caller may read its pipelines (as the REST routes do). */
export async function readableEntity(
  deps: Pick<PipelinesActionsDeps, 'access' | 'resolver'>,
  credentials: BackstageCredentials,
  entityRef: string,
): Promise<{ entity: Entity; canDecide: boolean }> {
  const access = await deps.access.forRead(credentials, entityRef);
  await deps.resolver.ensureEntity(access.entity);
  return access;
}

/** The `entityRef` input every entity action takes, described once. */
export function entityRefInput(z: Zod) {
  return z
    .string()
    .min(1)
    .describe(
      'Entity reference of the catalog entity, e.g. `component:default/orders-service`.',
    );
}
