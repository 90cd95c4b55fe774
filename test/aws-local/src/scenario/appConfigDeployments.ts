import { createHash } from 'node:crypto';
import { readCodeBuildEnvironmentVariables } from '@dpra/pipeline-contract';
import type {
  SynthesizedAppConfigApplication,
  SynthesizedAppConfigStrategy,
} from '../world/appConfigFromTerraform';
import type {
  ActionRun,
  PipelineExecutionRecord,
  ScenarioPipeline,
} from './pipelineRecords';

/*
 * AWS AppConfig as the configuration pipelines' deploy actions leave it. Each run of a deploy
 * action (CodeBuild running create-hosted-configuration-version, StartDeployment and waiting on
 * GetDeployment, see infra's appConfigCommands) is one hosted configuration version and one
 * deployment of the environment it names. The deployment fills the action's run: it starts once
 * the version is stored, grows as its strategy says (linear or exponential steps over the
 * deployment duration), bakes for the final bake time and completes when the action ends. A
 * deploy action that failed is a deployment AppConfig rolled back because an alarm the
 * environment watches went into ALARM during the bake: state ROLLED_BACK, with the alarm in its
 * event log. Nothing is stored: the view is computed from the runs at the time asked.
 */

/** A deployment event as GetDeployment's EventLog holds it. @public */
export interface AppConfigDeploymentEvent {
  EventType:
    | 'DEPLOYMENT_STARTED'
    | 'PERCENTAGE_UPDATED'
    | 'BAKE_TIME_STARTED'
    | 'DEPLOYMENT_COMPLETED'
    | 'ROLLBACK_STARTED'
    | 'ROLLBACK_COMPLETED';
  TriggeredBy: 'USER' | 'APPCONFIG' | 'CLOUDWATCH_ALARM';
  Description: string;
  OccurredAt: Date;
}

/** A deployment in GetDeployment's shape. @public */
export interface AppConfigDeploymentRecord {
  ApplicationId: string;
  EnvironmentId: string;
  DeploymentStrategyId: string;
  ConfigurationProfileId: string;
  DeploymentNumber: number;
  ConfigurationName: string;
  ConfigurationLocationUri: 'hosted';
  ConfigurationVersion: string;
  Description: string;
  DeploymentDurationInMinutes: number;
  GrowthType: 'LINEAR' | 'EXPONENTIAL';
  GrowthFactor: number;
  FinalBakeTimeInMinutes: number;
  State: 'DEPLOYING' | 'BAKING' | 'COMPLETE' | 'ROLLED_BACK';
  /** Newest first, as AppConfig lists them. */
  EventLog: AppConfigDeploymentEvent[];
  PercentageComplete: number;
  StartedAt: Date;
  CompletedAt?: Date;
}

/**
 * A hosted configuration version (ListHostedConfigurationVersions' item). AWS numbers the versions
 * of a profile in its account; the region's one profile of a name holds those of every account.
 * @public
 */
export interface AppConfigHostedVersionRecord {
  ApplicationId: string;
  ConfigurationProfileId: string;
  /** The account whose profile holds the version (not on the wire). */
  accountId: string;
  VersionNumber: number;
  Description: string;
  ContentType: string;
}

/** Everything AppConfig holds in one region. @public */
export interface AppConfigRegionView {
  applications: Array<{
    Id: string;
    Name: string;
    Description?: string;
    environments: Array<{
      ApplicationId: string;
      Id: string;
      Name: string;
      /** The account of the environment (not on the wire). */
      accountId: string;
      State: 'READY_FOR_DEPLOYMENT' | 'DEPLOYING' | 'ROLLED_BACK';
      Monitors: Array<{ AlarmArn: string; AlarmRoleArn?: string }>;
      deployments: AppConfigDeploymentRecord[];
    }>;
    profiles: Array<{
      ApplicationId: string;
      Id: string;
      Name: string;
      Type: string;
      LocationUri: 'hosted';
      versions: AppConfigHostedVersionRecord[];
    }>;
  }>;
  strategies: Array<
    SynthesizedAppConfigStrategy & { Id: string; ReplicateTo: 'NONE' }
  >;
}

/** AppConfig ids are short lowercase alphanumerics; these are stable per resource. */
export function appConfigId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 7);
}

/** Percentage of targets that have the configuration `elapsed` minutes into the growth. */
export function growthPercentage(
  strategy: Pick<
    SynthesizedAppConfigStrategy,
    'growthType' | 'growthFactor' | 'deploymentDurationInMinutes'
  >,
  elapsedMinutes: number,
): number {
  const { growthType, growthFactor, deploymentDurationInMinutes: d } = strategy;
  if (d <= 0 || growthFactor >= 100) return 100;
  // LINEAR: growthFactor% more each step; EXPONENTIAL: growthFactor * 2^step. The steps share the
  // deployment duration equally, the first one at the start.
  const steps =
    growthType === 'EXPONENTIAL'
      ? Math.ceil(Math.log2(100 / growthFactor)) + 1
      : Math.ceil(100 / growthFactor);
  const step = Math.min(steps - 1, Math.floor(elapsedMinutes / (d / steps)));
  const share =
    growthType === 'EXPONENTIAL'
      ? growthFactor * 2 ** step
      : growthFactor * (step + 1);
  return Math.min(100, Math.round(share * 100) / 100);
}

interface DeployRun {
  region: string;
  application: string;
  environment: string;
  profile: string;
  strategy: string;
  contentType: string;
  run: ActionRun;
  execution: PipelineExecutionRecord;
}

function deployRuns(
  pipelines: readonly ScenarioPipeline[],
  executionsOf: (name: string) => readonly PipelineExecutionRecord[],
): DeployRun[] {
  const runs: DeployRun[] = [];
  for (const pipeline of pipelines) {
    const variables = new Map<string, Record<string, string>>();
    for (const stage of pipeline.stages) {
      for (const action of stage.actions) {
        const env = readCodeBuildEnvironmentVariables(action.configuration);
        if (env.APPCONFIG_APPLICATION && env.APPCONFIG_ENVIRONMENT) {
          variables.set(`${stage.name}/${action.name}`, env);
        }
      }
    }
    if (variables.size === 0) continue;
    for (const execution of executionsOf(pipeline.name)) {
      for (const stageRun of execution.stageRuns) {
        for (const run of stageRun.actions) {
          const env = variables.get(`${stageRun.stageName}/${run.actionName}`);
          if (!env) continue;
          runs.push({
            region: env.TARGET_REGION ?? pipeline.region,
            application: env.APPCONFIG_APPLICATION,
            environment: env.APPCONFIG_ENVIRONMENT,
            profile: env.APPCONFIG_PROFILE ?? '',
            strategy: env.APPCONFIG_STRATEGY ?? '',
            contentType: env.CONTENT_TYPE ?? 'application/json',
            run,
            execution,
          });
        }
      }
    }
  }
  return runs.sort(
    (a, b) => a.run.startTime.getTime() - b.run.startTime.getTime(),
  );
}

const percentText = (p: number) =>
  `Configuration available to ${p.toFixed(2)}% of clients`;

/** The deployment a deploy action's run made, as AppConfig describes it at `now`. */
function deploymentOf(
  d: DeployRun,
  strategy: SynthesizedAppConfigStrategy,
  monitors: Array<{ AlarmArn: string }>,
  now: Date,
):
  | Omit<
      AppConfigDeploymentRecord,
      | 'ApplicationId'
      | 'EnvironmentId'
      | 'DeploymentStrategyId'
      | 'ConfigurationProfileId'
      | 'DeploymentNumber'
      | 'ConfigurationVersion'
    >
  | undefined {
  const { run } = d;
  const start = run.startTime.getTime();
  const end = (
    run.status === 'InProgress' ? run.endsAt ?? now : run.lastUpdateTime
  ).getTime();
  const duration = strategy.deploymentDurationInMinutes;
  const bake = strategy.finalBakeTimeInMinutes;
  // The run's time, split as the nominal minutes are: one to store the version and start, then
  // growth, then bake (a compressed demo clock shrinks all three alike).
  const unit = Math.max(0, end - start) / (1 + duration + bake);
  const startedAt = start + unit;
  if (now.getTime() < startedAt) return undefined;
  const growthEnd = startedAt + duration * unit;
  const minutesAt = (t: number) =>
    unit > 0 ? (t - startedAt) / unit : duration;
  const at = Math.min(now.getTime(), end);
  const events: AppConfigDeploymentEvent[] = [
    {
      EventType: 'DEPLOYMENT_STARTED',
      TriggeredBy: 'USER',
      Description: 'Deployment started',
      OccurredAt: new Date(startedAt),
    },
  ];
  let last = -1;
  const stepTimes = Math.max(1, Math.ceil(duration));
  for (let m = 0; m <= stepTimes; m++) {
    const t = startedAt + Math.min(m, duration) * unit;
    if (t > at) break;
    const p = growthPercentage(strategy, Math.min(m, duration));
    if (p !== last) {
      events.push({
        EventType: 'PERCENTAGE_UPDATED',
        TriggeredBy: 'APPCONFIG',
        Description: percentText(p),
        OccurredAt: new Date(t),
      });
      last = p;
    }
  }
  const percentage = growthPercentage(strategy, minutesAt(at));
  let state: AppConfigDeploymentRecord['State'] =
    at < growthEnd ? 'DEPLOYING' : 'BAKING';
  if (at >= growthEnd) {
    events.push({
      EventType: 'BAKE_TIME_STARTED',
      TriggeredBy: 'APPCONFIG',
      Description: `Deployment bake time started (${bake} minutes)`,
      OccurredAt: new Date(growthEnd),
    });
  }
  let completedAt: Date | undefined;
  const finished = run.status !== 'InProgress';
  if (finished && run.status === 'Succeeded') {
    state = 'COMPLETE';
    completedAt = new Date(end);
    events.push({
      EventType: 'DEPLOYMENT_COMPLETED',
      TriggeredBy: 'APPCONFIG',
      Description: 'Deployment completed',
      OccurredAt: completedAt,
    });
  } else if (finished) {
    // The action fails when AppConfig rolls back: the last alarm the environment watches (the
    // spec's own, after the generated high-severity one) went into ALARM.
    state = 'ROLLED_BACK';
    completedAt = new Date(end);
    const alarm = monitors[monitors.length - 1]?.AlarmArn;
    const started = new Date(Math.max(startedAt, end - unit));
    events.push(
      alarm
        ? {
            EventType: 'ROLLBACK_STARTED',
            TriggeredBy: 'CLOUDWATCH_ALARM',
            Description: `Rollback initiated by CloudWatch Alarm: ${alarm}`,
            OccurredAt: started,
          }
        : {
            EventType: 'ROLLBACK_STARTED',
            TriggeredBy: 'USER',
            Description: 'Rollback initiated by StopDeployment',
            OccurredAt: started,
          },
      {
        EventType: 'ROLLBACK_COMPLETED',
        TriggeredBy: 'APPCONFIG',
        Description: 'Rollback completed',
        OccurredAt: completedAt,
      },
    );
  }
  return {
    ConfigurationName: d.profile,
    ConfigurationLocationUri: 'hosted',
    Description: d.execution.sourceRevision.revisionId,
    DeploymentDurationInMinutes: duration,
    GrowthType: strategy.growthType,
    GrowthFactor: strategy.growthFactor,
    FinalBakeTimeInMinutes: bake,
    State: state,
    EventLog: events.reverse(),
    PercentageComplete: percentage,
    StartedAt: new Date(startedAt),
    ...(completedAt ? { CompletedAt: completedAt } : {}),
  };
}

/**
 * What AppConfig holds in `region` at `now`: the declared applications, environments, profiles
 * and strategies, and the hosted versions and deployments the deploy actions' runs made.
 *
 * @public
 */
export function appConfigRegionView(
  declared: readonly SynthesizedAppConfigApplication[],
  pipelines: readonly ScenarioPipeline[],
  executionsOf: (name: string) => readonly PipelineExecutionRecord[],
  region: string,
  now: Date,
): AppConfigRegionView {
  const view: AppConfigRegionView = { applications: [], strategies: [] };
  for (const app of declared.filter(a => a.region === region)) {
    const appId = appConfigId(`application/${region}/${app.name}`);
    view.applications.push({
      Id: appId,
      Name: app.name,
      ...(app.description ? { Description: app.description } : {}),
      environments: app.environments.map(e => ({
        ApplicationId: appId,
        Id: appConfigId(`environment/${appId}/${e.name}`),
        Name: e.name,
        accountId: e.accountId,
        State: 'READY_FOR_DEPLOYMENT',
        Monitors: e.monitors,
        deployments: [],
      })),
      profiles: app.profiles.map(p => ({
        ApplicationId: appId,
        Id: appConfigId(`profile/${appId}/${p.name}`),
        Name: p.name,
        Type: p.type,
        LocationUri: 'hosted',
        versions: [],
      })),
    });
    for (const s of app.strategies) {
      if (view.strategies.some(x => x.name === s.name)) continue;
      view.strategies.push({
        ...s,
        Id: appConfigId(`strategy/${region}/${s.name}`),
        ReplicateTo: 'NONE',
      });
    }
  }
  for (const d of deployRuns(pipelines, executionsOf)) {
    if (d.region !== region) continue;
    const app = view.applications.find(a => a.Name === d.application);
    const environment = app?.environments.find(e => e.Name === d.environment);
    const profile = app?.profiles.find(p => p.Name === d.profile);
    const strategy = view.strategies.find(s => s.name === d.strategy);
    // The deploy step finds each by name and fails when one is missing: nothing is deployed.
    if (!app || !environment || !profile || !strategy) continue;
    if (d.run.startTime > now) continue;
    const version: AppConfigHostedVersionRecord = {
      ApplicationId: app.Id,
      ConfigurationProfileId: profile.Id,
      accountId: environment.accountId,
      // The next version of the profile in the environment's account.
      VersionNumber:
        profile.versions.filter(v => v.accountId === environment.accountId)
          .length + 1,
      Description: d.execution.sourceRevision.revisionId,
      ContentType: d.contentType,
    };
    profile.versions.push(version);
    const deployment = deploymentOf(d, strategy, environment.Monitors, now);
    if (!deployment) continue;
    environment.deployments.push({
      ApplicationId: app.Id,
      EnvironmentId: environment.Id,
      DeploymentStrategyId: strategy.Id,
      ConfigurationProfileId: profile.Id,
      DeploymentNumber: environment.deployments.length + 1,
      ConfigurationVersion: String(version.VersionNumber),
      ...deployment,
    });
  }
  for (const app of view.applications) {
    for (const e of app.environments) {
      const latest = e.deployments[e.deployments.length - 1];
      if (latest?.State === 'DEPLOYING' || latest?.State === 'BAKING') {
        e.State = 'DEPLOYING';
      } else if (latest?.State === 'ROLLED_BACK') {
        e.State = 'ROLLED_BACK';
      }
    }
  }
  return view;
}
