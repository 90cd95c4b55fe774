import type { WaveStep } from './actions';
import type { Phase } from './stages';

/**
 * The four pipeline kinds (the `kind` of a spec).
 *
 * @public
 */
export const PIPELINE_KINDS = [
  'AppPipeline',
  'ImagePipeline',
  'AccountFleetPipeline',
  'ConfigPipeline',
] as const;

/**
 * A pipeline kind.
 *
 * @public
 */
export type PipelineKind = (typeof PIPELINE_KINDS)[number];

/**
 * What the targets of a production wave are, i.e. the rows and columns of its board:
 * `regions` (one row of regions: an application), `accountsByRegion` (accounts × regions: an
 * image shared with the wave's accounts in each of its regions), `organizationalUnits` (one row
 * per organisational unit: an account fleet's baseline). A configuration pipeline deploys to
 * `regions` too: one AppConfig environment per region.
 *
 * @public
 */
export type WaveTargets =
  | 'regions'
  | 'accountsByRegion'
  | 'organizationalUnits';

/**
 * How a pipeline of one kind maps onto the DPRA picture.
 *
 * @public
 */
export interface PipelineKindLayout {
  /** The phases of its stages in order (`approval` only when the spec enables approval). */
  readonly phases: readonly Phase[];
  /** What its production waves deploy to. */
  readonly waveTargets: WaveTargets;
  /** The steps whose actions deploy a wave's targets (see `ACTION`). */
  readonly waveSteps: readonly WaveStep[];
}

/**
 * The phase/wave mapping of each kind. The portal learns a pipeline's kind from its definition
 * alone (GetPipeline): the steps of its production waves tell it ({@link pipelineKindOfWaveStep}).
 *
 * @public
 */
export const PIPELINE_KIND_LAYOUT: Readonly<
  Record<PipelineKind, PipelineKindLayout>
> = {
  AppPipeline: {
    phases: ['source', 'build', 'beta', 'gamma', 'approval', 'prod'],
    waveTargets: 'regions',
    waveSteps: ['oneBox', 'deploy'],
  },
  ImagePipeline: {
    phases: ['source', 'build', 'test', 'approval', 'prod'],
    waveTargets: 'accountsByRegion',
    waveSteps: ['distribute'],
  },
  AccountFleetPipeline: {
    phases: ['source', 'build', 'beta', 'approval', 'prod'],
    waveTargets: 'organizationalUnits',
    waveSteps: ['apply'],
  },
  ConfigPipeline: {
    phases: ['source', 'build', 'beta', 'gamma', 'approval', 'prod'],
    waveTargets: 'regions',
    waveSteps: ['deployFlags', 'deployConfig'],
  },
};

/**
 * The kind whose production waves a step deploys.
 *
 * @public
 */
export function pipelineKindOfWaveStep(step: WaveStep): PipelineKind {
  const kind = PIPELINE_KINDS.find(k =>
    PIPELINE_KIND_LAYOUT[k].waveSteps.includes(step),
  );
  if (!kind) {
    throw new Error(`no pipeline kind deploys waves with ${step}`);
  }
  return kind;
}
