import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import { oneBoxBakeMinutes } from './productionWaves';
import {
  type RegionAlarms,
  type SafetySettings,
  bakeCondition,
} from './stageConditions';

/** The bake of a stage before production. @public */
export interface PreProductionBake {
  readonly safety: SafetySettings;
  /** The alarms watched while it bakes, per region. */
  readonly alarms: readonly RegionAlarms[];
}

/** Props of {@link environmentStage}. @public */
export interface EnvironmentStageProps {
  /** Stage name (from `STAGE` in naming.ts). */
  readonly name: string;
  /** The deployments (one-box steps included), in order. */
  readonly deployActions: readonly PipelineActionModel[];
  /** The tests that follow them (a later run order). @default [] */
  readonly testActions?: readonly PipelineActionModel[];
  /**
   * Bake before promotion: the stage's alarms are watched for `bake.oneBox`, as long as a one
   * box bakes. @default no bake
   */
  readonly bake?: PreProductionBake;
  /** Roll the stage back to the last successful execution when it fails. */
  readonly rollbackOnFailure: boolean;
}

/**
 * A stage before production that deploys and tests one environment: the application's `Beta`
 * and `Gamma`, the account fleet's sandbox `Beta`.
 *
 * @public
 */
export function environmentStage(
  props: EnvironmentStageProps,
): PipelineStageModel {
  return {
    name: props.name,
    actions: [...props.deployActions, ...(props.testActions ?? [])],
    onSuccess: props.bake
      ? bakeCondition(
          props.bake.safety,
          props.bake.alarms,
          oneBoxBakeMinutes(props.bake.safety),
        )
      : undefined,
    rollbackOnFailure: props.rollbackOnFailure,
  };
}
