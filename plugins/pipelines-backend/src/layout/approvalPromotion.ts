import type {
  ApprovalPromotion,
  PipelineLayout,
} from '@dpra/plugin-pipelines-common';

/**
 * What approving the manual approval in `stageName` lets through: the stage that runs after it
 * and, when that stage is a production wave, the wave's number and regions in deploy order.
 * Undefined when the layout does not know the stage, or nothing follows it.
 */
export function approvalPromotion(
  layout: PipelineLayout | undefined,
  stageName: string,
): ApprovalPromotion | undefined {
  const stages = layout?.stages ?? [];
  const at = stages.findIndex(s => s.name === stageName);
  if (at < 0) {
    return undefined;
  }
  // An approval action sits at the end of its own stage (the DPRA `Approval` stage) or before
  // the wave's deploy actions in the same stage; the next wave from here on is what it releases.
  const wave = layout!.waves.find(
    w => stages.findIndex(s => s.name === w.stageName) >= at,
  );
  if (wave) {
    return {
      stageName: wave.stageName,
      waveIndex: wave.index,
      regions: wave.regions.map(r => r.region),
    };
  }
  const next = stages[at + 1];
  return next ? { stageName: next.name, regions: [] } : undefined;
}
