import type {
  AlarmView,
  LayoutStage,
  PipelineLayout,
  PipelineView,
  StageStateView,
  StepStatus,
  WaveTargets,
} from '@dpra/plugin-pipelines-common';

/** Worst alarm state of a group of alarms, `NONE` when no alarm watches the cell. */
export type AlarmSummaryState =
  | 'ALARM'
  | 'INSUFFICIENT_DATA'
  | 'UNKNOWN'
  | 'OK'
  | 'NONE';

/** One wave × region cell of the board. */
export interface WaveCellModel {
  wave: number;
  region: string;
  stageName: string;
  /** Aggregate status of the actions that deploy to this region in this wave. */
  status: StepStatus;
  /** The one-box step deployed first in this region, if any. */
  oneBox?: { actionName: string; status: StepStatus };
  /** Alarms of the wave that live in this region. */
  alarms: AlarmView[];
  alarmState: AlarmSummaryState;
  /** Image pipelines: the accounts that receive the AMI in this region. */
  accounts?: string[];
}

/** One organisational unit of an account fleet's wave: a row of its board. */
export interface WaveUnitModel {
  name: string;
  id?: string;
  actionName: string;
  /** The baseline's status in the unit: the status of the action that applies it. */
  status: StepStatus;
  /** Absent when the pipeline does not declare the unit's accounts. */
  accounts?: string[];
  /** Absent when the pipeline does not declare the unit's service control policies. */
  serviceControlPolicies?: string[];
}

/** One production wave (a row of the board). */
export interface WaveRowModel {
  index: number;
  stageName: string;
  status: StepStatus;
  bakeMinutes?: number;
  /** Set while the wave's post-deployment bake runs. */
  bakeEndsAt?: string;
  /** Why the wave cannot start or continue, in plain words. */
  blockers: string[];
  /** Every alarm the wave's stage watches, in all regions (blockers may name them). */
  alarms: AlarmView[];
  /** Deployment windows the wave may start in. */
  windows: Array<{ cron: string; timeZone?: string }>;
  autoRollback: boolean;
  cells: Record<string, WaveCellModel>;
  /** Image pipelines: every account the wave shares the AMI with (its rows). */
  accounts: string[];
  /** Image pipelines: the SSM parameters that receive the AMI id. */
  ssmParameters: string[];
  /** Account fleets: the organisational units of the wave, in deploy order (its rows). */
  units: WaveUnitModel[];
}

/** Waves × regions (× accounts, or organisational units), ready to render. */
export interface WaveBoardModel {
  /** What the waves deploy to: the rows and columns of the board. */
  targets: WaveTargets;
  /** Every region deployed by any wave, in order of first deployment. */
  regions: string[];
  waves: WaveRowModel[];
}

const ALARM_SEVERITY: AlarmSummaryState[] = [
  'ALARM',
  'INSUFFICIENT_DATA',
  'UNKNOWN',
  'OK',
];

/** The worst state among the alarms (ALARM beats missing data beats unknown beats OK). */
export function summariseAlarms(alarms: AlarmView[]): AlarmSummaryState {
  if (alarms.length === 0) return 'NONE';
  for (const state of ALARM_SEVERITY) {
    if (alarms.some(a => a.state === state)) return state;
  }
  return 'OK';
}

/** Aggregate several action statuses into one (a failure anywhere is a failure of the whole). */
export function aggregateStatus(
  statuses: StepStatus[],
): StepStatus | undefined {
  if (statuses.length === 0) return undefined;
  const order: StepStatus[] = [
    'Failed',
    'Stopping',
    'InProgress',
    'Stopped',
    'Cancelled',
    'Abandoned',
  ];
  for (const status of order) {
    if (statuses.includes(status)) return status;
  }
  if (statuses.every(s => s === 'Succeeded' || s === 'Skipped')) {
    return statuses.includes('Succeeded') ? 'Succeeded' : 'Skipped';
  }
  // Some succeeded, the rest did not start yet: the region is half way.
  if (statuses.includes('Succeeded')) return 'InProgress';
  return 'NotStarted';
}

/** True while the stage's post-deployment bake runs. */
export function isBaking(
  state: StageStateView | undefined,
  now: number,
): boolean {
  if (!state?.bakeEndsAt) return false;
  return (
    state.onSuccessStatus === 'InProgress' || Date.parse(state.bakeEndsAt) > now
  );
}

/**
 * Everything that keeps a stage from starting or continuing, as sentences: the backend's
 * `blockedReason` (time window closed, alarm), a disabled transition, failed entry conditions, and
 * blocker alarms currently in ALARM.
 */
export function stageBlockers(
  layoutStage: LayoutStage,
  state: StageStateView | undefined,
  alarms: AlarmView[],
): string[] {
  const blockers: string[] = [];
  if (state?.blockedReason) blockers.push(state.blockedReason);
  if (state && !state.inboundTransitionEnabled) {
    blockers.push(
      state.disabledReason
        ? `Inbound transition disabled: ${state.disabledReason}`
        : 'Inbound transition disabled',
    );
  }
  if (state?.beforeEntryStatus === 'Failed' && !state.blockedReason) {
    blockers.push('Entry conditions failed');
  }
  // A blocker alarm only matters until the stage has gone through (it does not stop a finished one).
  if (state?.status !== 'Succeeded') {
    const entryAlarms = new Set(
      layoutStage.safety.beforeEntry.flatMap(c =>
        c.rules.flatMap(r => r.alarmNames ?? []),
      ),
    );
    for (const alarm of alarms) {
      if (
        alarm.state === 'ALARM' &&
        entryAlarms.has(alarm.name) &&
        !blockers.some(b => b.includes(alarm.name))
      ) {
        blockers.push(`Alarm ${alarm.name} is in ALARM`);
      }
    }
  }
  return blockers;
}

/** Build the board model of a pipeline's production waves. */
export function deriveWaveBoard(
  pipeline: PipelineView,
  now: number,
): WaveBoardModel {
  const statesByName = new Map(pipeline.stages.map(s => [s.name, s]));
  const layoutByName = new Map(pipeline.layout.stages.map(s => [s.name, s]));
  const alarmsByName = new Map<string, AlarmView[]>();
  for (const alarm of pipeline.alarms) {
    alarmsByName.set(alarm.name, [
      ...(alarmsByName.get(alarm.name) ?? []),
      alarm,
    ]);
  }
  const regions: string[] = [];
  const waves: WaveRowModel[] = [];

  for (const wave of pipeline.layout.waves) {
    const state = statesByName.get(wave.stageName);
    const layoutStage = layoutByName.get(wave.stageName);
    const actionStates = new Map((state?.actions ?? []).map(a => [a.name, a]));
    const stageAlarms = (layoutStage?.safety.alarmNames ?? []).flatMap(
      name => alarmsByName.get(name) ?? [],
    );
    const cells: Record<string, WaveCellModel> = {};
    for (const waveRegion of wave.regions) {
      if (!regions.includes(waveRegion.region)) regions.push(waveRegion.region);
      const statuses = waveRegion.actionNames.map(
        name => actionStates.get(name)?.status ?? 'NotStarted',
      );
      const oneBoxAction = layoutStage?.actions.find(
        a =>
          a.oneBox &&
          a.region === waveRegion.region &&
          waveRegion.actionNames.includes(a.name),
      );
      const cellAlarms = stageAlarms.filter(
        a => a.region === waveRegion.region,
      );
      cells[waveRegion.region] = {
        wave: wave.index,
        region: waveRegion.region,
        stageName: wave.stageName,
        status:
          aggregateStatus(statuses) ??
          (state?.status === 'Succeeded' ? 'Succeeded' : 'NotStarted'),
        oneBox: oneBoxAction
          ? {
              actionName: oneBoxAction.name,
              status:
                actionStates.get(oneBoxAction.name)?.status ?? 'NotStarted',
            }
          : undefined,
        alarms: cellAlarms,
        alarmState: summariseAlarms(cellAlarms),
        accounts: waveRegion.accounts,
      };
    }
    const units: WaveUnitModel[] = (wave.organizationalUnits ?? []).map(
      unit => ({
        name: unit.name,
        id: unit.id,
        actionName: unit.actionName,
        status:
          actionStates.get(unit.actionName)?.status ??
          (state?.status === 'Succeeded' ? 'Succeeded' : 'NotStarted'),
        accounts: unit.accounts,
        serviceControlPolicies: unit.serviceControlPolicies,
      }),
    );
    waves.push({
      index: wave.index,
      stageName: wave.stageName,
      status: state?.status ?? 'NotStarted',
      bakeMinutes: wave.bakeMinutes ?? layoutStage?.safety.bakeMinutes,
      bakeEndsAt: isBaking(state, now) ? state?.bakeEndsAt : undefined,
      blockers: layoutStage
        ? stageBlockers(layoutStage, state, stageAlarms)
        : [],
      alarms: stageAlarms,
      windows: layoutStage?.safety.windows ?? [],
      autoRollback: layoutStage?.safety.autoRollback ?? false,
      cells,
      accounts: wave.accounts ?? [
        ...new Set(wave.regions.flatMap(r => r.accounts ?? [])),
      ],
      ssmParameters: [
        ...new Set(wave.regions.flatMap(r => r.ssmParameter ?? [])),
      ],
      units,
    });
  }
  // Layouts read before kinds carry no targets: those were all waves of regions.
  return { targets: pipeline.layout.waveTargets ?? 'regions', regions, waves };
}

const count = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * What the production waves deploy to, in words: "3 regions", "4 accounts × 2 regions",
 * "3 organisational units".
 */
export function waveTargetsSummary(layout: PipelineLayout): string {
  const regions = new Set(
    layout.waves.flatMap(w => w.regions.map(r => r.region)),
  );
  const regionWords = count(regions.size, 'region', 'regions');
  switch (layout.waveTargets) {
    case 'accountsByRegion': {
      const accounts = new Set(
        layout.waves.flatMap(w => w.regions.flatMap(r => r.accounts ?? [])),
      );
      return `${count(accounts.size, 'account', 'accounts')} × ${regionWords}`;
    }
    case 'organizationalUnits': {
      const units = new Set(
        layout.waves.flatMap(w =>
          (w.organizationalUnits ?? []).map(u => u.name),
        ),
      );
      return count(units.size, 'organisational unit', 'organisational units');
    }
    default:
      return regionWords;
  }
}
