import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import type { Entity } from '@backstage/catalog-model';
import type { EntityAccess } from '../service/EntityAccess';
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
  auditor: AuditorService;
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
export function entityRefInput(
  z: Parameters<ActionsRegistryActionOptions<any, any>['schema']['input']>[0],
) {
  return z
    .string()
    .min(1)
    .describe(
      'Entity reference of the catalog entity, e.g. `component:default/orders-service`.',
    );
}
