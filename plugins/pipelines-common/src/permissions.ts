import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the pipelines, executions, findings and metrics of a catalog entity.
 *
 * @public
 */
export const pipelinesReadPermission = createPermission({
  name: 'dpra.pipelines.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Approve or reject a pending manual approval of an entity's pipeline.
 *
 * @public
 */
export const approvalDecidePermission = createPermission({
  name: 'dpra.approval.decide',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * All permissions of the pipelines plugin.
 *
 * @public
 */
export const pipelinesPermissions = [
  pipelinesReadPermission,
  approvalDecidePermission,
];
