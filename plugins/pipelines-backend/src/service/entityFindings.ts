import type { FindingView } from '@dpra/plugin-pipelines-common';

/**
 * One row per finding across an entity's pipelines. Each pipeline stores what its own read
 * selected, so a finding on a resource tagged for the entity's service (an Inspector or GuardDuty
 * finding, say) is stored once per pipeline. Such a finding is the entity's, not one pipeline's:
 * it is served once, without a pipeline. A finding a run imported is read by its own pipeline
 * only and keeps its pipeline and run. The order (most severe first) is kept.
 */
export function oneRowPerFinding(
  findings: readonly FindingView[],
): FindingView[] {
  const byId = new Map<string, FindingView>();
  for (const finding of findings) {
    const seen = byId.get(finding.id);
    if (!seen) {
      byId.set(finding.id, finding);
    } else if (seen.pipelineArn !== finding.pipelineArn) {
      const { pipelineArn: _selectedByEach, ...entityFinding } = seen;
      byId.set(finding.id, entityFinding);
    }
  }
  return [...byId.values()];
}
