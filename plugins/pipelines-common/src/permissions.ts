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
 * Operate an entity's pipelines: retry a failed stage, stop an execution, roll a stage back,
 * disable or enable a transition, override a stage condition, start an execution.
 *
 * @public
 */
export const pipelineOperatePermission = createPermission({
  name: 'dpra.pipeline.operate',
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
  pipelineOperatePermission,
];
