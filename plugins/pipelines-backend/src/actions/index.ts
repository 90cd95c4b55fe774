import { registerDecideApprovalAction } from './decideApprovalAction';
import { registerFindRevisionAction } from './findRevisionAction';
import { registerGetDeliveryMetricsAction } from './getDeliveryMetricsAction';
import { registerGetEntityPipelinesAction } from './getEntityPipelinesAction';
import { registerGetFindingsSummaryAction } from './getFindingsSummaryAction';
import { registerListPendingApprovalsAction } from './listPendingApprovalsAction';
import { registerOperatePipelineActions } from './operatePipelineActions';
import type { PipelinesActionsDeps } from './types';

export type { PipelinesActionsDeps } from './types';

/**
 * Registers the plugin's actions for AI tools with Backstage's actions registry (served to MCP
 * clients by `@backstage/plugin-mcp-actions-backend`, ids `pipelines:<name>`).
 */
export function registerPipelinesActions(deps: PipelinesActionsDeps): void {
  registerGetEntityPipelinesAction(deps);
  registerFindRevisionAction(deps);
  registerListPendingApprovalsAction(deps);
  registerGetFindingsSummaryAction(deps);
  registerGetDeliveryMetricsAction(deps);
  registerDecideApprovalAction(deps);
  registerOperatePipelineActions(deps);
}
