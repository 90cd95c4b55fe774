/**
 * The layout model: how a CodePipeline definition maps onto the DPRA picture (phases left to right,
 * production as waves of regions). Derived by the backend from GetPipeline, rendered by the frontend.
 *
 * @packageDocumentation
 */

/**
 * A DPRA phase. `test` covers generic test stages that are neither beta nor gamma.
 *
 * @public
 */
export type PhaseKind =
  | 'source'
  | 'build'
  | 'beta'
  | 'gamma'
  | 'test'
  | 'approval'
  | 'prod'
  | 'other';

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

/**
 * CodePipeline action categories.
 *
 * @public
 */
export type ActionCategory =
  | 'Source'
  | 'Build'
  | 'Test'
  | 'Deploy'
  | 'Approval'
  | 'Invoke'
  | 'Compute';

/**
 * One rule of a stage condition, as in the CodePipeline V2 definition
 * (`CloudWatchAlarm`, `DeploymentWindow`, `LambdaInvoke`, `VariableCheck`, `Commands`).
 *
 * @public
 */
export interface ConditionRule {
  /** Rule name from the pipeline definition. */
  name: string;
  /** Rule provider, e.g. `CloudWatchAlarm` or `DeploymentWindow`. */
  provider: string;
  /** Alarm names watched by a `CloudWatchAlarm` rule. */
  alarmNames?: string[];
  /** Alarm states that trip a `CloudWatchAlarm` rule (usually `ALARM`). */
  alarmStates?: string[];
  /** Minutes a rule waits/watches (`WaitTime`): the bake time of an `onSuccess` alarm rule. */
  waitTimeMinutes?: number;
  /** Quartz cron of a `DeploymentWindow` rule (the window in which deployments may start). */
  cron?: string;
  /** Time zone of a `DeploymentWindow` rule (IANA), UTC when absent. */
  timeZone?: string;
  /** The rest of the rule configuration, verbatim. */
  configuration: Record<string, string>;
  /** Region the rule runs in (where its alarms live), when the definition sets one. */
  region?: string;
}

/**
 * A stage condition (`beforeEntry`, `onSuccess`, `onFailure`).
 *
 * @public
 */
export interface StageCondition {
  /** What happens when the condition fails: `FAIL`, `ROLLBACK`, `RETRY`, `SKIP`. */
  result?: string;
  /** Rules of the condition. */
  rules: ConditionRule[];
}

/**
 * The safety mechanisms of one stage, read from its conditions.
 *
 * @public
 */
export interface StageSafety {
  /** Conditions checked before the stage starts (time windows, blocker alarms). */
  beforeEntry: StageCondition[];
  /** Conditions checked after the stage succeeded (bake time watched by alarms). */
  onSuccess: StageCondition[];
  /** What happens on failure (e.g. `ROLLBACK`). */
  onFailure?: StageCondition;
  /** Total bake time in minutes, from `onSuccess` CloudWatchAlarm rules' wait time. */
  bakeMinutes?: number;
  /** Alarm names that block entry, watch bake, or trigger rollback. */
  alarmNames: string[];
  /** Deployment windows (cron + time zone) from `DeploymentWindow` rules. */
  windows: Array<{ cron: string; timeZone?: string }>;
  /** True when a failure rolls the stage back automatically. */
  autoRollback: boolean;
}

/**
 * One action of a stage.
 *
 * @public
 */
export interface LayoutAction {
  /** Action name, e.g. `OneBox-us-east-1`. */
  name: string;
  /** Action category. */
  category: ActionCategory | string;
  /** Action provider, e.g. `CodeBuild`, `CloudFormation`, `Manual`. */
  provider: string;
  /** Region the action runs in (cross-region actions); the pipeline's region when absent. */
  region: string;
  /** Run order inside the stage. */
  runOrder: number;
  /** True when the action is a one-box step (name convention `OneBox-*` or `onebox` in the name). */
  oneBox: boolean;
}

/**
 * One stage of the pipeline, classified into a phase.
 *
 * @public
 */
export interface LayoutStage {
  /** Stage name, e.g. `Prod-Wave1`. */
  name: string;
  /** The phase this stage belongs to. */
  phase: PhaseKind;
  /** For production stages: the 1-based wave number. */
  wave?: number;
  /** Actions of the stage, sorted by run order then name. */
  actions: LayoutAction[];
  /** Safety mechanisms read from stage conditions. */
  safety: StageSafety;
}

/**
 * One cell of the wave board: a region inside a production wave.
 *
 * @public
 */
export interface WaveRegion {
  /** AWS region. */
  region: string;
  /** Names of the actions that deploy to this region in this wave. */
  actionNames: string[];
  /** True when the wave deploys a one-box step to this region first. */
  hasOneBox: boolean;
}

/**
 * A production wave.
 *
 * @public
 */
export interface LayoutWave {
  /** 1-based wave number. */
  index: number;
  /** The stage that implements the wave. */
  stageName: string;
  /** Regions deployed by the wave, in deploy order. */
  regions: WaveRegion[];
  /** Bake time after the wave, in minutes. */
  bakeMinutes?: number;
}

/**
 * The whole layout of a pipeline.
 *
 * @public
 */
export interface PipelineLayout {
  /** Stages in pipeline order, each classified. */
  stages: LayoutStage[];
  /** Production waves in order. */
  waves: LayoutWave[];
  /** The region the pipeline itself lives in. */
  homeRegion: string;
  /** True when the names follow the DPRA convention of pipelines generated by `@dpra/stacks`. */
  conventional: boolean;
}
