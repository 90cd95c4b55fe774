/**
 * Deterministic fixtures of the pipelines API, for component tests, the dev page and the render
 * benchmark. Nothing here is random: the same options always give the same data.
 */
import type {
  AlarmHistoryItem,
  AlarmHistoryResponse,
  AlarmView,
  DeliveryMetricsResponse,
  EntityPipelinesResponse,
  ExecutionStatus,
  ExecutionView,
  FindingView,
  FindingsResponse,
  LayoutAction,
  LayoutStage,
  LayoutWave,
  PendingApproval,
  PipelineView,
  ReportView,
  Severity,
  StageSafety,
  StageStateView,
  StepStatus,
} from '@dpra/plugin-pipelines-common';

/** The fixed "now" of tests: 2026-01-15T12:00:00Z. */
export const FIXTURE_NOW = Date.parse('2026-01-15T12:00:00Z');

/** Where the latest run of a demo pipeline stands. */
export type DemoScenario =
  | 'awaitingApproval'
  | 'baking'
  | 'blocked'
  | 'succeeded'
  | 'failed';

/** Options of {@link makeDemoPipeline}. */
export interface DemoPipelineOptions {
  name?: string;
  accountId?: string;
  region?: string;
  /** Regions of each production wave, in order. */
  waves?: string[][];
  scenario?: DemoScenario;
  now?: number;
  /** Mark the data as stale with this reason. */
  staleReason?: string;
}

const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'us-west-2',
  'eu-central-1',
  'ap-northeast-1',
  'sa-east-1',
  'ca-central-1',
  'eu-north-1',
  'ap-south-1',
  'us-east-2',
  'eu-west-2',
];

/** A hex string derived from a number (a stand-in for commit SHAs and tokens). */
function pseudoHex(seed: number, length: number): string {
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  while (out.length < length) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 374761393) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

const iso = (ms: number) => new Date(ms).toISOString();

function noSafety(): StageSafety {
  return {
    beforeEntry: [],
    onSuccess: [],
    alarmNames: [],
    windows: [],
    autoRollback: false,
  };
}

function action(
  name: string,
  category: string,
  provider: string,
  region: string,
  runOrder: number,
): LayoutAction {
  return {
    name,
    category,
    provider,
    region,
    runOrder,
    oneBox: name.toLowerCase().includes('onebox'),
  };
}

function alarmName(pipeline: string) {
  return `${pipeline}-high-severity`;
}

/** Production wave stage with a deployment window, blocker alarm, bake and rollback. */
function waveStage(
  pipeline: string,
  index: number,
  regions: string[],
  bakeMinutes: number,
): LayoutStage {
  const actions = regions.flatMap((region, i) => [
    action(`OneBox-${region}`, 'Deploy', 'CloudFormation', region, 1 + i * 2),
    action(`Deploy-${region}`, 'Deploy', 'CloudFormation', region, 2 + i * 2),
  ]);
  return {
    name: `Prod-Wave${index}`,
    phase: 'prod',
    wave: index,
    actions,
    safety: {
      beforeEntry: [
        {
          result: 'FAIL',
          rules: [
            {
              name: 'DeploymentWindow',
              provider: 'DeploymentWindow',
              cron: '* * 8-17 ? * MON-THU *',
              timeZone: 'Europe/Berlin',
              configuration: {},
            },
            {
              name: 'OrgBlockers',
              provider: 'CloudWatchAlarm',
              alarmNames: ['org-deployment-blocker'],
              alarmStates: ['ALARM'],
              configuration: {},
            },
          ],
        },
      ],
      onSuccess: [
        {
          result: 'ROLLBACK',
          rules: [
            {
              name: 'Bake',
              provider: 'CloudWatchAlarm',
              alarmNames: [alarmName(pipeline)],
              alarmStates: ['ALARM'],
              waitTimeMinutes: bakeMinutes,
              configuration: {},
            },
          ],
        },
      ],
      onFailure: { result: 'ROLLBACK', rules: [] },
      bakeMinutes,
      alarmNames: ['org-deployment-blocker', alarmName(pipeline)],
      windows: [{ cron: '* * 8-17 ? * MON-THU *', timeZone: 'Europe/Berlin' }],
      autoRollback: true,
    },
  };
}

/**
 * One pipeline in the DPRA shape (Source, Build, Beta, Gamma, Approval, Prod-Wave1..n) with its
 * current state set up for the given scenario.
 */
export function makeDemoPipeline(
  options: DemoPipelineOptions = {},
): PipelineView {
  const name = options.name ?? 'orders-service';
  const accountId = options.accountId ?? '111122223333';
  const home = options.region ?? 'eu-west-1';
  const now = options.now ?? FIXTURE_NOW;
  const scenario = options.scenario ?? 'awaitingApproval';
  const waveRegions = options.waves ?? [
    ['eu-west-1'],
    ['us-east-1'],
    ['ap-southeast-2', 'us-west-2'],
  ];
  const arn = `arn:aws:codepipeline:${home}:${accountId}:${name}`;
  const executionId = `${pseudoHex(name.length * 7 + 1, 8)}-${pseudoHex(
    2,
    4,
  )}-4${pseudoHex(3, 3)}-a${pseudoHex(4, 3)}-${pseudoHex(5, 12)}`;

  const stages: LayoutStage[] = [
    {
      name: 'Source',
      phase: 'source',
      actions: [
        action('Source', 'Source', 'CodeStarSourceConnection', home, 1),
      ],
      safety: noSafety(),
    },
    {
      name: 'Build',
      phase: 'build',
      actions: [
        action('BuildAndUnitTest', 'Build', 'CodeBuild', home, 1),
        action('SAST', 'Test', 'CodeBuild', home, 1),
        action('SCA', 'Test', 'CodeBuild', home, 1),
        action('SecretsScan', 'Test', 'CodeBuild', home, 1),
      ],
      safety: noSafety(),
    },
    {
      name: 'Beta',
      phase: 'beta',
      actions: [
        action(`Deploy-${home}`, 'Deploy', 'CloudFormation', home, 1),
        action('IntegrationTests', 'Test', 'CodeBuild', home, 2),
      ],
      safety: noSafety(),
    },
    {
      name: 'Gamma',
      phase: 'gamma',
      actions: [
        action(`OneBox-${home}`, 'Deploy', 'CloudFormation', home, 1),
        action(`Deploy-${home}`, 'Deploy', 'CloudFormation', home, 2),
        action('AcceptanceTests', 'Test', 'CodeBuild', home, 3),
      ],
      safety: { ...noSafety(), bakeMinutes: 60, alarmNames: [alarmName(name)] },
    },
    {
      name: 'Approval',
      phase: 'approval',
      actions: [action('ManualApproval', 'Approval', 'Manual', home, 1)],
      safety: noSafety(),
    },
    ...waveRegions.map((regions, i) =>
      waveStage(name, i + 1, regions, i === 0 ? 720 : 180),
    ),
  ];
  const waves: LayoutWave[] = waveRegions.map((regions, i) => ({
    index: i + 1,
    stageName: `Prod-Wave${i + 1}`,
    regions: regions.map(region => ({
      region,
      actionNames: [`OneBox-${region}`, `Deploy-${region}`],
      hasOneBox: true,
    })),
    bakeMinutes: i === 0 ? 720 : 180,
  }));

  // How far the run got: stages before `reached` succeeded, `reached` is current.
  const approvalIndex = 4;
  const reachedByScenario: Record<DemoScenario, number> = {
    awaitingApproval: approvalIndex,
    baking: approvalIndex + 1,
    blocked: approvalIndex + 2,
    failed: approvalIndex + 1,
    succeeded: stages.length,
  };
  const reached = Math.min(reachedByScenario[scenario], stages.length);
  const startedAt = now - 3 * 3600_000;

  const stageStates: StageStateView[] = stages.map((stage, i) => {
    let status: StepStatus = 'NotStarted';
    if (i < reached) status = 'Succeeded';
    else if (i === reached) {
      if (scenario === 'awaitingApproval') status = 'InProgress';
      if (scenario === 'baking') status = 'Succeeded';
      if (scenario === 'failed') status = 'Failed';
    }
    const state: StageStateView = {
      name: stage.name,
      status,
      pipelineExecutionId: status === 'NotStarted' ? undefined : executionId,
      inboundTransitionEnabled: true,
      actions: stage.actions.map((a, j) => {
        let actionStatus: StepStatus = status;
        // The first action of the failed stage went through, the second failed, the rest never ran.
        if (status === 'Failed') {
          const failedRun: StepStatus[] = ['Succeeded', 'Failed'];
          actionStatus = failedRun[j] ?? 'NotStarted';
        }
        return {
          name: a.name,
          status: actionStatus,
          lastStatusChange:
            actionStatus === 'NotStarted'
              ? undefined
              : iso(startedAt + (i * 10 + j) * 60_000),
          summary:
            actionStatus === 'Failed'
              ? 'Stack UPDATE_ROLLBACK_COMPLETE: health check failed'
              : undefined,
          externalUrl: `https://console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${home}`,
          pipelineExecutionId:
            actionStatus === 'NotStarted' ? undefined : executionId,
        };
      }),
    };
    if (scenario === 'baking' && i === reached) {
      state.onSuccessStatus = 'InProgress';
      state.bakeEndsAt = iso(now + 45 * 60_000 + 30_000);
    }
    if (scenario === 'blocked' && i === reached) {
      state.beforeEntryStatus = 'Failed';
      state.blockedReason =
        'Deployment window closed: deploys may start Mon–Thu 08:00–17:59 Europe/Berlin';
    }
    return state;
  });

  const pendingApprovals: PendingApproval[] =
    scenario === 'awaitingApproval'
      ? [
          {
            pipelineArn: arn,
            stageName: 'Approval',
            actionName: 'ManualApproval',
            token: `${pseudoHex(11, 8)}-${pseudoHex(12, 4)}-${pseudoHex(
              13,
              4,
            )}-${pseudoHex(14, 4)}-${pseudoHex(15, 12)}`,
            pipelineExecutionId: executionId,
            requestedAt: iso(now - 20 * 60_000),
            expiresAt: iso(now - 20 * 60_000 + 7 * 24 * 3600_000),
            customData:
              'Gamma acceptance tests passed. Please review the change before production.',
            externalEntityLink: `https://github.com/example/${name}/pulls`,
          },
        ]
      : [];

  const allRegions = Array.from(new Set(waveRegions.flat().concat(home)));
  const alarms: AlarmView[] = [
    ...allRegions.map(region => ({
      name: alarmName(name),
      arn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmName(name)}`,
      type: 'composite' as const,
      state:
        scenario === 'failed' && region === waveRegions[0][0]
          ? ('ALARM' as const)
          : ('OK' as const),
      stateReason: 'Composite of fault rate and p99 latency',
      stateUpdatedAt: iso(now - 3600_000),
      region,
      alarmRule: `ALARM("${name}-fault-rate") OR ALARM("${name}-latency-p99")`,
    })),
    {
      name: 'org-deployment-blocker',
      type: 'metric',
      state: scenario === 'blocked' ? 'ALARM' : 'OK',
      stateReason:
        scenario === 'blocked'
          ? 'Threshold Crossed: 1 datapoint [1.0] >= 1.0'
          : undefined,
      region: home,
    },
  ];

  const latestStatusByScenario: Record<DemoScenario, ExecutionStatus> = {
    awaitingApproval: 'InProgress',
    baking: 'InProgress',
    blocked: 'InProgress',
    succeeded: 'Succeeded',
    failed: 'Failed',
  };
  const latestStatus = latestStatusByScenario[scenario];
  const sha = pseudoHex(name.length, 40);
  return {
    arn,
    name,
    accountId,
    region: home,
    executionMode: 'QUEUED',
    pipelineType: 'V2',
    layout: { stages, waves, homeRegion: home, conventional: true },
    stages: stageStates,
    latestExecution: {
      id: executionId,
      pipelineArn: arn,
      status: latestStatus,
      startedAt: iso(startedAt),
      updatedAt: iso(now - 60_000),
      trigger: 'Webhook',
      triggerDetail:
        'arn:aws:codeconnections:eu-west-1:111122223333:connection/abc',
      executionType: 'STANDARD',
      sourceRevisions: [
        {
          actionName: 'Source',
          revisionId: sha,
          revisionSummary: 'Add order cancellation endpoint',
          revisionUrl: `https://github.com/example/${name}/commit/${sha}`,
        },
      ],
    },
    pendingApprovals,
    alarms,
    consoleUrl: `https://${home}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${home}`,
    freshness: {
      lastRefreshedAt: iso(now - (options.staleReason ? 3 * 60_000 : 20_000)),
      stale: Boolean(options.staleReason),
      staleReason: options.staleReason,
    },
  };
}

/** Options of {@link makeEntityPipelinesResponse}. */
export interface EntityPipelinesFixtureOptions {
  pipelines?: number;
  /** Stages per pipeline; at least 6 (Source, Build, Beta, Gamma, Approval, one wave). */
  stages?: number;
  now?: number;
  canDecideApprovals?: boolean;
  local?: boolean;
}

const SCENARIOS: DemoScenario[] = [
  'awaitingApproval',
  'baking',
  'blocked',
  'succeeded',
  'failed',
];

/** Production wave regions so that a pipeline has `stages` stages in total. */
function wavesForStageCount(stages: number, seed: number): string[][] {
  const waveCount = Math.max(1, stages - 5);
  return Array.from({ length: waveCount }, (_, w) => {
    const size = w === 0 ? 1 : 1 + ((w + seed) % 3);
    return Array.from(
      { length: size },
      (__, r) => REGIONS[(w * 2 + r + seed) % REGIONS.length],
    ).filter((region, i, all) => all.indexOf(region) === i);
  });
}

/**
 * An entity's pipelines: N pipelines of M stages each, scenarios cycling through awaiting
 * approval, baking, blocked, succeeded and failed.
 */
export function makeEntityPipelinesResponse(
  options: EntityPipelinesFixtureOptions = {},
): EntityPipelinesResponse {
  const count = options.pipelines ?? 1;
  const stages = Math.max(6, options.stages ?? 8);
  const now = options.now ?? FIXTURE_NOW;
  return {
    entityRef: 'component:default/orders-service',
    pipelines: Array.from({ length: count }, (_, i) =>
      makeDemoPipeline({
        name: count === 1 ? 'orders-service' : `orders-service-${i + 1}`,
        scenario: SCENARIOS[i % SCENARIOS.length],
        waves:
          options.stages === undefined
            ? undefined
            : wavesForStageCount(stages, i),
        now,
      }),
    ),
    problems: [],
    source: options.local
      ? {
          kind: 'local',
          label: 'Local AWS scenario (demo data) at http://localhost:4566',
        }
      : { kind: 'aws', label: 'AWS' },
    canDecideApprovals: options.canDecideApprovals ?? true,
  };
}

/** K executions per pipeline, newest first, with a failure every 7th and a supersede every 11th. */
export function makeExecutionsResponse(options: {
  pipelineArns: string[];
  executions?: number;
  now?: number;
}): { executions: ExecutionView[] } {
  const perPipeline = options.executions ?? 20;
  const now = options.now ?? FIXTURE_NOW;
  const executions: ExecutionView[] = [];
  for (let k = 0; k < perPipeline; k++) {
    options.pipelineArns.forEach((pipelineArn, p) => {
      const seed = p * 10_000 + k;
      const startedAt = now - (k * 6 + p) * 3600_000;
      let status: ExecutionStatus = 'Succeeded';
      if (k === 0) status = 'InProgress';
      else if (k % 7 === 3) status = 'Failed';
      else if (k % 11 === 5) status = 'Superseded';
      const sha = pseudoHex(seed + 99, 40);
      const repo = pipelineArn.split(':').pop();
      executions.push({
        id: `${pseudoHex(seed, 8)}-${pseudoHex(seed + 1, 4)}-${pseudoHex(
          seed + 2,
          4,
        )}-${pseudoHex(seed + 3, 4)}-${pseudoHex(seed + 4, 12)}`,
        pipelineArn,
        status,
        statusSummary:
          status === 'Failed'
            ? 'Stage Prod-Wave1 failed: alarm triggered rollback'
            : undefined,
        startedAt: iso(startedAt),
        updatedAt:
          status === 'InProgress'
            ? undefined
            : iso(startedAt + (40 + (k % 30)) * 60_000),
        trigger: k % 4 === 0 ? 'StartPipelineExecution' : 'Webhook',
        triggerDetail:
          k % 4 === 0
            ? 'arn:aws:sts::111122223333:assumed-role/dev/jane'
            : undefined,
        executionType: 'STANDARD',
        sourceRevisions: [
          {
            actionName: 'Source',
            revisionId: sha,
            revisionSummary: `Change number ${perPipeline - k}`,
            revisionUrl: `https://github.com/example/${repo}/commit/${sha}`,
          },
        ],
      });
    });
  }
  return { executions };
}

const FINDING_TEMPLATES: Array<{
  severity: Severity;
  title: string;
  tool: string;
  category: string;
  resource: string;
}> = [
  {
    severity: 'CRITICAL',
    title: 'CVE-2025-0001 in openssl 3.0.2',
    tool: 'Inspector',
    category: 'Vulnerability',
    resource: 'ECR image orders-service:1.4.2',
  },
  {
    severity: 'HIGH',
    title: 'Hard-coded AWS secret key',
    tool: 'gitleaks',
    category: 'Secrets',
    resource: 'src/config.ts',
  },
  {
    severity: 'HIGH',
    title: 'lodash prototype pollution (CVE-2020-8203)',
    tool: 'Trivy',
    category: 'SCA',
    resource: 'package-lock.json',
  },
  {
    severity: 'MEDIUM',
    title: 'S3 bucket without server access logging',
    tool: 'Checkov',
    category: 'IaC',
    resource: 'infra/main.tf',
  },
  {
    severity: 'MEDIUM',
    title: 'SQL built from string concatenation',
    tool: 'Semgrep',
    category: 'SAST',
    resource: 'src/orders/repository.ts',
  },
  {
    severity: 'LOW',
    title: 'Missing Content-Security-Policy header',
    tool: 'ZAP',
    category: 'DAST',
    resource: 'https://gamma.orders.example.com',
  },
  {
    severity: 'INFORMATIONAL',
    title: 'SBOM generated (412 packages)',
    tool: 'Syft',
    category: 'SCA',
    resource: 'sbom.spdx.json',
  },
];

/** Findings and reports of a build. */
export function makeFindingsResponse(
  options: { count?: number; now?: number; staleReason?: string } = {},
): FindingsResponse {
  const now = options.now ?? FIXTURE_NOW;
  const count = options.count ?? FINDING_TEMPLATES.length;
  const findings: FindingView[] = Array.from({ length: count }, (_, i) => {
    const t = FINDING_TEMPLATES[i % FINDING_TEMPLATES.length];
    return {
      id: `finding-${i + 1}`,
      severity: t.severity,
      title: i < FINDING_TEMPLATES.length ? t.title : `${t.title} (#${i + 1})`,
      tool: t.tool,
      category: t.category,
      resource: t.resource,
      firstSeenAt: iso(now - (i + 1) * 86400_000),
      lastSeenAt: iso(now - 3600_000),
      url: `https://eu-west-1.console.aws.amazon.com/securityhub/home?region=eu-west-1#/findings?search=Id%3D${
        i + 1
      }`,
      status: 'NEW',
    };
  });
  const counts: Record<Severity, number> = {
    CRITICAL: 0,
    HIGH: 0,
    MEDIUM: 0,
    LOW: 0,
    INFORMATIONAL: 0,
  };
  for (const f of findings) counts[f.severity] += 1;
  const reports: ReportView[] = [
    {
      arn: 'arn:aws:codebuild:eu-west-1:111122223333:report/orders-service-unit-tests:1',
      type: 'TEST',
      reportGroup: 'orders-service-unit-tests',
      status: 'FAILED',
      createdAt: iso(now - 2 * 3600_000),
      testStatusCounts: { SUCCEEDED: 245, FAILED: 2, SKIPPED: 3 },
      testTotal: 250,
    },
    {
      arn: 'arn:aws:codebuild:eu-west-1:111122223333:report/orders-service-coverage:1',
      type: 'CODE_COVERAGE',
      reportGroup: 'orders-service-coverage',
      status: 'SUCCEEDED',
      createdAt: iso(now - 2 * 3600_000),
      lineCoveragePercentage: 84.2,
      branchCoveragePercentage: 71.5,
    },
  ];
  return {
    findings,
    counts,
    reports,
    freshness: {
      lastRefreshedAt: iso(now - (options.staleReason ? 3 * 60_000 : 60_000)),
      stale: Boolean(options.staleReason),
      staleReason: options.staleReason,
    },
  };
}

/** Delivery metrics over a window, with daily series. */
export function makeDeliveryMetricsResponse(
  options: { windowDays?: number; now?: number } = {},
): DeliveryMetricsResponse {
  const windowDays = options.windowDays ?? 30;
  const now = options.now ?? FIXTURE_NOW;
  const day = (i: number) =>
    iso(now - (windowDays - 1 - i) * 86400_000).slice(0, 10);
  const deployments = Array.from({ length: windowDays }, (_, i) => ({
    date: day(i),
    value: (i * 7) % 4,
  }));
  const failures = Array.from({ length: windowDays }, (_, i) => ({
    date: day(i),
    value: i % 9 === 4 ? 1 : 0,
  }));
  const leadTimeHours = Array.from({ length: windowDays }, (_, i) => ({
    date: day(i),
    value: 18 + ((i * 5) % 11),
  }));
  const totalDeployments = deployments.reduce((s, p) => s + p.value, 0);
  const totalFailures = failures.reduce((s, p) => s + p.value, 0);
  return {
    windowDays,
    deploymentFrequencyPerDay: totalDeployments / windowDays,
    leadTimeHours: 22.5,
    changeFailureRate: totalFailures / (totalDeployments + totalFailures),
    mtbfHours: 96,
    mttrHours: 3.5,
    sampleSize: totalDeployments + totalFailures,
    series: { deployments, leadTimeHours, failures },
  };
}

/**
 * The recent state changes of an alarm, newest first: the latest one enters the alarm's current
 * state at its `stateUpdatedAt`, the earlier ones flap between OK and ALARM a few hours apart, with
 * the initial INSUFFICIENT_DATA → OK of a new alarm last. An alarm that was not found (`UNKNOWN`)
 * has no history.
 */
export function makeAlarmHistoryResponse(options: {
  pipelineArn: string;
  alarm: AlarmView;
  /** State changes (default 5). */
  count?: number;
  now?: number;
  /** False when the latest state change has not been read into the store yet. */
  complete?: boolean;
}): AlarmHistoryResponse {
  const { alarm } = options;
  const now = options.now ?? FIXTURE_NOW;
  const count = alarm.state === 'UNKNOWN' ? 0 : options.count ?? 5;
  const latestAt = alarm.stateUpdatedAt
    ? Date.parse(alarm.stateUpdatedAt)
    : now - 3600_000;
  const other = (state: AlarmView['state']) =>
    state === 'ALARM' ? 'OK' : 'ALARM';
  const items: AlarmHistoryItem[] = [];
  let newState: AlarmView['state'] = alarm.state;
  for (let i = 0; i < count; i++) {
    const oldState: AlarmView['state'] =
      i === count - 1 ? 'INSUFFICIENT_DATA' : other(newState);
    items.push({
      timestamp: iso(latestAt - i * (5 + (i % 3)) * 3600_000),
      oldState,
      newState,
      summary: `Alarm updated from ${oldState} to ${newState}`,
      reason:
        newState === 'ALARM'
          ? 'Threshold Crossed: 2 out of the last 3 datapoints were greater than or equal to the threshold (1.0).'
          : 'Threshold Crossed: no datapoints were greater than or equal to the threshold (1.0).',
    });
    newState = oldState;
  }
  return {
    pipelineArn: options.pipelineArn,
    region: alarm.region,
    alarmName: alarm.name,
    items,
    complete: options.complete ?? true,
    freshness: { lastRefreshedAt: iso(now - 20_000), stale: false },
  };
}

/** Options of {@link makeFixtureSet}. */
export interface FixtureSetOptions extends EntityPipelinesFixtureOptions {
  /** Executions per pipeline. */
  executions?: number;
}

/**
 * Everything the Pipelines tab fetches, for N pipelines × M stages × K executions.
 *
 * @example makeFixtureSet({ pipelines: 5, stages: 30, executions: 100 })
 */
export function makeFixtureSet(options: FixtureSetOptions = {}) {
  const pipelines = makeEntityPipelinesResponse(options);
  const executions = makeExecutionsResponse({
    pipelineArns: pipelines.pipelines.map(p => p.arn),
    executions: options.executions ?? 20,
    now: options.now,
  });
  // Each pipeline's newest run is its latest execution, as the backend serves them: the one its
  // stages and pending approval are on.
  const latest = new Map(
    pipelines.pipelines.map(p => [p.arn, p.latestExecution]),
  );
  executions.executions = executions.executions.map(e => {
    const newest = latest.get(e.pipelineArn);
    latest.delete(e.pipelineArn);
    return newest ?? e;
  });
  return {
    pipelines,
    executions,
    findings: makeFindingsResponse({ now: options.now }),
    metrics: makeDeliveryMetricsResponse({ now: options.now }),
  };
}
