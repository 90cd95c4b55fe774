/**
 * The layout model: how a CodePipeline definition maps onto the DPRA picture (phases left to right,
 * production as waves of regions). Derived by the backend from GetPipeline, rendered by the
 * frontend. Its types (`PipelineLayout`, `LayoutStage`, `LayoutWave`, `WaveRegion`, `StageSafety`,
 * `PhaseKind`, …) are part of the REST contract and generated from the backend's `openapi.yaml`.
 *
 * @packageDocumentation
 */
import type { PhaseKind } from './generated/models';

/** Phase order, left to right. @public */
export const PHASE_ORDER: readonly PhaseKind[] = [
  'source',
  'build',
  'test',
  'beta',
  'gamma',
  'approval',
  'prod',
  'other',
];
