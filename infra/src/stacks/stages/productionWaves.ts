import { STAGE } from '@dpra/pipeline-contract';
import { durationMinutes } from '../../spec/scalars';
import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import {
  type RegionAlarms,
  type SafetySettings,
  bakeCondition,
  entryCondition,
} from './stageConditions';

/*
 * The production waves of every kind, and the one place where a wave's safety is resolved: its
 * bake time (the wave's own `bake`, else the first-wave or later-wave default), its one-box steps
 * (one box first in each region, baking `bake.oneBox`), its entry check (`before_entry`: the
 * deployment window and the alarm blockers), its bake (`on_success`: the alarms watched for the
 * bake time) and its rollback (`on_failure`). The kinds only say which alarms a wave watches and
 * which actions deploy it.
 */

/** What every kind's wave says about its own safety. @public */
export interface WaveSettings {
  /** Bake after the wave. @default `bake.firstWave` for the first wave, `bake.laterWaves` after */
  readonly bake?: string;
}

/** A wave with its safety resolved, handed to the kind's actions. @public */
export interface WavePlan {
  /** 0-based position of the wave. */
  readonly index: number;
  /** The alarms the wave's entry and bake conditions watch, per region. */
  readonly alarms: readonly RegionAlarms[];
  /** How long the wave bakes before the next one may start, in minutes. */
  readonly bakeMinutes: number;
}

/** Props of {@link productionWaveStages}. @public */
export interface ProductionWavesProps<W extends WaveSettings> {
  /** The kind's safety settings: window, blockers, rollback and bake defaults. */
  readonly safety: SafetySettings;
  readonly waves: readonly W[];
  /** The alarms a wave watches, one set per region it deploys to. */
  readonly alarms: (wave: W, index: number) => readonly RegionAlarms[];
  /** The actions that deploy a wave (see {@link regionalDeployActions} for one-box first). */
  readonly actions: (wave: W, plan: WavePlan) => PipelineActionModel[];
}

/** The bake of a wave (a duration such as `12h`): its own, else the kind's default for its position. @public */
export function waveBake(
  safety: SafetySettings,
  wave: WaveSettings,
  index: number,
): string {
  return (
    wave.bake ?? (index === 0 ? safety.bake.firstWave : safety.bake.laterWaves)
  );
}

/** How long a one-box step bakes, in minutes (also the bake of the stages before production). @public */
export function oneBoxBakeMinutes(safety: SafetySettings): number {
  return durationMinutes(safety.bake.oneBox);
}

/**
 * The `Prod-Wave<N>` stages: each with the kind's actions, entered only inside the deployment
 * window while none of its alarms (or the organisation's blockers) is in ALARM, baking while its
 * alarms are watched, and rolled back on failure when `rollbackOnAlarm`.
 *
 * @public
 */
export function productionWaveStages<W extends WaveSettings>(
  props: ProductionWavesProps<W>,
): PipelineStageModel[] {
  const { safety } = props;
  return props.waves.map((wave, index) => {
    const alarms = props.alarms(wave, index);
    const bakeMinutes = durationMinutes(waveBake(safety, wave, index));
    return {
      name: STAGE.prodWave(index + 1),
      actions: props.actions(wave, { index, alarms, bakeMinutes }),
      beforeEntry: entryCondition(safety, alarms),
      onSuccess: bakeCondition(safety, alarms, bakeMinutes),
      rollbackOnFailure: safety.rollbackOnAlarm,
    };
  });
}

/** Run order of a region's one-box step. @public */
export const ONE_BOX_RUN_ORDER = 1;
/** Run order of a region's deployment after its one box (also without one): the one box goes first. @public */
export const REGION_DEPLOY_RUN_ORDER = 2;

/** How a kind deploys one region, for {@link regionalDeployActions}. @public */
export interface RegionalDeployment {
  /** Deploys the region. */
  readonly deploy: (
    region: RegionAlarms,
    runOrder: number,
  ) => PipelineActionModel;
  /** Deploys the region's one box and bakes it `bakeMinutes` watching its alarm. */
  readonly oneBox: (
    region: RegionAlarms,
    bakeMinutes: number,
    runOrder: number,
  ) => PipelineActionModel;
}

/** Props of {@link regionalDeployActions}. @public */
export interface RegionalDeployActionsProps {
  readonly safety: SafetySettings;
  /** The regions, with the alarms the one box watches. */
  readonly regions: readonly RegionAlarms[];
  /** Deploy a one box first in every region. */
  readonly oneBox: boolean;
  readonly deployment: RegionalDeployment;
}

/**
 * Per region: the one-box step (run order 1, baking `bake.oneBox`) when the stage has one, then
 * the deployment to the rest of the region (run order 2). Shared by production waves and the
 * environments before them.
 *
 * @public
 */
export function regionalDeployActions(
  props: RegionalDeployActionsProps,
): PipelineActionModel[] {
  const bakeMinutes = oneBoxBakeMinutes(props.safety);
  return props.regions.flatMap(region => [
    ...(props.oneBox
      ? [props.deployment.oneBox(region, bakeMinutes, ONE_BOX_RUN_ORDER)]
      : []),
    props.deployment.deploy(region, REGION_DEPLOY_RUN_ORDER),
  ]);
}
