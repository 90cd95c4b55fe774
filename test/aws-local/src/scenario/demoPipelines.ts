import {
  ACTION,
  ALARM,
  RULE,
  RULE_PROVIDER,
  STAGE,
  parseStageName,
  parseWaveActionName,
} from '@dpra/pipeline-contract';
import {
  ConditionDeclaration,
  RuleDeclaration,
  ScenarioActionDefinition,
  ScenarioPipeline,
  ScenarioStageDefinition,
} from './types';

/**
 * The demo pipelines, declared as a generated DPRA pipeline would be (the shared stage/action naming
 * convention; safety as CodePipeline V2 stage conditions). Rule configuration keys follow AWS's
 * CodePipeline rule reference: CloudWatchAlarm `AlarmName`, `AlarmStates`, `WaitTime`;
 * DeploymentWindow `Cron`, `TimeZone`.
 */

/** Name of the organisation-wide blocker alarm present in every production region. @public */
export const ORG_BLOCKER_ALARM = 'org-deployment-blocker';

/** Alarm names of the convention: `<pipeline>-<env>-<region>-<suffix>`. @public */
export function alarmName(
  pipeline: string,
  env: string,
  region: string,
  suffix: string,
): string {
  return `${pipeline}-${env}-${region}-${suffix}`;
}

/** Bake minutes per production wave, following the Builders' Library defaults (12 h, then 4 h, 2 h). @public */
export const WAVE_BAKE_MINUTES = [720, 240, 120];
/** One-box/gamma bake (the Builders' Library's "at least one hour after each one-box stage"). @public */
export const GAMMA_BAKE_MINUTES = 60;

interface WaveSpec {
  regions: string[];
  bakeMinutes: number;
}

interface AppPipelineSpec {
  name: string;
  accountId: string;
  region: string;
  repository: string;
  executionMode: ScenarioPipeline['executionMode'];
  tags: Record<string, string>;
  betaRegion: string;
  gammaRegions: string[];
  waves: WaveSpec[];
  created: Date;
}

function action(
  name: string,
  category: ScenarioActionDefinition['actionTypeId']['category'],
  provider: string,
  runOrder: number,
  durationMinutes: number,
  extra: Partial<ScenarioActionDefinition> = {},
): ScenarioActionDefinition {
  return {
    name,
    actionTypeId: { category, owner: 'AWS', provider, version: '1' },
    runOrder,
    configuration: {},
    durationMinutes,
    ...extra,
  };
}

function codeBuild(
  pipeline: string,
  name: string,
  category: 'Build' | 'Test',
  runOrder: number,
  durationMinutes: number,
  region?: string,
): ScenarioActionDefinition {
  return action(name, category, 'CodeBuild', runOrder, durationMinutes, {
    configuration: { ProjectName: `${pipeline}-${name}` },
    inputArtifacts: [
      { name: name === ACTION.build ? 'SourceOutput' : 'BuildOutput' },
    ],
    outputArtifacts: name === ACTION.build ? [{ name: 'BuildOutput' }] : [],
    ...(region ? { region } : {}),
  });
}

function deploy(
  pipeline: string,
  env: string,
  name: string,
  region: string,
  runOrder: number,
  durationMinutes: number,
): ScenarioActionDefinition {
  return action(name, 'Deploy', 'CloudFormation', runOrder, durationMinutes, {
    region,
    configuration: {
      ActionMode: 'CREATE_UPDATE',
      StackName: `${pipeline}-${env}${
        parseWaveActionName(name)?.step === 'oneBox' ? '-onebox' : ''
      }`,
      TemplatePath: 'BuildOutput::template.json',
      Capabilities: 'CAPABILITY_IAM',
      RoleArn: `arn:aws:iam::${'{account}'}:role/dpra-cfn-deploy`,
    },
    inputArtifacts: [{ name: 'BuildOutput' }],
  });
}

function alarmRule(
  name: string,
  region: string,
  alarmNames: string[],
  waitTimeMinutes?: number,
): RuleDeclaration {
  return {
    name,
    ruleTypeId: {
      category: 'Rule',
      owner: 'AWS',
      provider: RULE_PROVIDER.cloudWatchAlarm,
      version: '1',
    },
    configuration: {
      AlarmName: alarmNames.join(','),
      AlarmStates: 'ALARM',
      ...(waitTimeMinutes !== undefined
        ? { WaitTime: String(waitTimeMinutes) }
        : {}),
    },
    region,
  };
}

function deploymentWindowRule(): RuleDeclaration {
  return {
    name: RULE.deploymentWindow,
    ruleTypeId: {
      category: 'Rule',
      owner: 'AWS',
      provider: RULE_PROVIDER.deploymentWindow,
      version: '1',
    },
    // Quartz-style, 6 required fields + year: weekdays but Friday, 09:00–16:59 in the team's zone.
    configuration: {
      Cron: '* * 9-16 ? * MON-THU *',
      TimeZone: 'America/New_York',
    },
  };
}

function prodWaveStage(
  pipeline: string,
  wave: number,
  spec: WaveSpec,
): ScenarioStageDefinition {
  const actions: ScenarioActionDefinition[] = [];
  spec.regions.forEach(region => {
    actions.push(deploy(pipeline, 'prod', ACTION.oneBox(region), region, 1, 8));
    actions.push(
      deploy(pipeline, 'prod', ACTION.deploy(region), region, 2, 14),
    );
  });
  const blockers: ConditionDeclaration = {
    result: 'FAIL',
    rules: [
      deploymentWindowRule(),
      ...spec.regions.map(region =>
        alarmRule(RULE.alarmBlocker(region), region, [
          ALARM.highSeverity(pipeline, 'prod', region),
          ORG_BLOCKER_ALARM,
        ]),
      ),
    ],
  };
  const bake: ConditionDeclaration = {
    result: 'ROLLBACK',
    rules: spec.regions.map(region =>
      alarmRule(
        RULE.bake(region),
        region,
        [
          ALARM.highSeverity(pipeline, 'prod', region),
          ALARM.oneBoxHighSeverity(pipeline, 'prod', region),
        ],
        spec.bakeMinutes,
      ),
    ),
  };
  return {
    name: STAGE.prodWave(wave),
    actions,
    beforeEntry: { conditions: [blockers] },
    onSuccess: { conditions: [bake] },
    onFailure: { result: 'ROLLBACK' },
  };
}

/** An application pipeline in the DPRA layout: Source, Build, Beta, Gamma, Approval, Prod-Wave1..N. */
export function appPipeline(spec: AppPipelineSpec): ScenarioPipeline {
  const p = spec.name;
  const stages: ScenarioStageDefinition[] = [
    {
      name: STAGE.source,
      actions: [
        action(ACTION.source, 'Source', 'CodeStarSourceConnection', 1, 1, {
          configuration: {
            ConnectionArn: `arn:aws:codeconnections:${spec.region}:${spec.accountId}:connection/7d2f1c3e-0b8a-4d44-9d35-2f0e8c1b6a10`,
            FullRepositoryId: spec.repository,
            BranchName: 'main',
            OutputArtifactFormat: 'CODE_ZIP',
          },
          outputArtifacts: [{ name: 'SourceOutput' }],
          namespace: 'SourceVariables',
        }),
      ],
    },
    {
      name: STAGE.build,
      actions: [
        codeBuild(p, ACTION.build, 'Build', 1, 6),
        codeBuild(p, ACTION.unitTests, 'Test', 2, 5),
        codeBuild(p, ACTION.codeQuality, 'Test', 2, 3),
        codeBuild(p, ACTION.sast, 'Test', 2, 4),
        codeBuild(p, ACTION.sca, 'Test', 2, 3),
        codeBuild(p, ACTION.sbom, 'Build', 2, 2),
        codeBuild(p, ACTION.secretsScan, 'Test', 2, 2),
        codeBuild(p, ACTION.iacScan, 'Test', 2, 2),
      ],
    },
    {
      name: STAGE.beta,
      actions: [
        deploy(
          p,
          'beta',
          ACTION.deploy(spec.betaRegion),
          spec.betaRegion,
          1,
          10,
        ),
        codeBuild(p, ACTION.integrationTests, 'Test', 2, 6, spec.betaRegion),
        codeBuild(p, ACTION.acceptanceTests, 'Test', 2, 5, spec.betaRegion),
      ],
      onFailure: { result: 'ROLLBACK' },
    },
    {
      name: STAGE.gamma,
      actions: [
        ...spec.gammaRegions.map(r =>
          deploy(p, 'gamma', ACTION.oneBox(r), r, 1, 7),
        ),
        ...spec.gammaRegions.map(r =>
          deploy(p, 'gamma', ACTION.deploy(r), r, 2, 10),
        ),
        codeBuild(
          p,
          ACTION.integrationTests,
          'Test',
          3,
          6,
          spec.gammaRegions[0],
        ),
        codeBuild(p, ACTION.syntheticTests, 'Test', 3, 4, spec.gammaRegions[0]),
        codeBuild(
          p,
          ACTION.performanceTests,
          'Test',
          3,
          8,
          spec.gammaRegions[0],
        ),
        codeBuild(p, ACTION.dast, 'Test', 3, 7, spec.gammaRegions[0]),
      ],
      onSuccess: {
        conditions: [
          {
            result: 'ROLLBACK',
            rules: spec.gammaRegions.map(r =>
              alarmRule(
                RULE.bake(r),
                r,
                [
                  ALARM.highSeverity(p, 'gamma', r),
                  ALARM.oneBoxHighSeverity(p, 'gamma', r),
                ],
                GAMMA_BAKE_MINUTES,
              ),
            ),
          },
        ],
      },
      onFailure: { result: 'ROLLBACK' },
    },
    {
      name: STAGE.approval,
      actions: [
        action(ACTION.manualApproval, 'Approval', 'Manual', 1, 0, {
          configuration: {
            NotificationArn: `arn:aws:sns:${spec.region}:${spec.accountId}:${p}-approvals`,
            CustomData: `Approve the production rollout of ${p}. Check gamma bake and findings first.`,
            ExternalEntityLink: `https://github.com/${spec.repository}/releases`,
          },
        }),
      ],
    },
    ...spec.waves.map((w, i) => prodWaveStage(p, i + 1, w)),
  ];
  for (const stage of stages) {
    for (const a of stage.actions) {
      if (a.configuration.RoleArn) {
        a.configuration.RoleArn = a.configuration.RoleArn.replace(
          '{account}',
          spec.accountId,
        );
      }
    }
  }
  return {
    name: p,
    accountId: spec.accountId,
    region: spec.region,
    arn: `arn:aws:codepipeline:${spec.region}:${spec.accountId}:${p}`,
    roleArn: `arn:aws:iam::${spec.accountId}:role/${p}-pipeline-role`,
    executionMode: spec.executionMode,
    pipelineType: 'V2',
    version: 3,
    created: spec.created,
    updated: spec.created,
    tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })),
    stages,
    repository: spec.repository,
  };
}

/** An infrastructure pipeline (terraform plan/apply) with its own approval, run in PARALLEL mode. */
export function infraPipeline(spec: {
  name: string;
  accountId: string;
  region: string;
  repository: string;
  tags: Record<string, string>;
  waves: WaveSpec[];
  created: Date;
}): ScenarioPipeline {
  const p = spec.name;
  const apply = (
    name: string,
    region: string,
    runOrder: number,
    minutes: number,
  ) =>
    action(name, 'Build', 'CodeBuild', runOrder, minutes, {
      region,
      configuration: { ProjectName: `${p}-apply-${region}` },
      inputArtifacts: [{ name: 'BuildOutput' }],
    });
  const stages: ScenarioStageDefinition[] = [
    {
      name: STAGE.source,
      actions: [
        action(ACTION.source, 'Source', 'CodeStarSourceConnection', 1, 1, {
          configuration: {
            ConnectionArn: `arn:aws:codeconnections:${spec.region}:${spec.accountId}:connection/7d2f1c3e-0b8a-4d44-9d35-2f0e8c1b6a10`,
            FullRepositoryId: spec.repository,
            BranchName: 'main',
            OutputArtifactFormat: 'CODE_ZIP',
          },
          outputArtifacts: [{ name: 'SourceOutput' }],
        }),
      ],
    },
    {
      name: STAGE.build,
      actions: [
        codeBuild(p, ACTION.build, 'Build', 1, 4),
        codeBuild(p, ACTION.iacScan, 'Test', 2, 2),
      ],
    },
    {
      name: STAGE.beta,
      actions: [apply(ACTION.deploy(spec.region), spec.region, 1, 6)],
      onFailure: { result: 'ROLLBACK' },
    },
    {
      name: STAGE.approval,
      actions: [
        action(ACTION.manualApproval, 'Approval', 'Manual', 1, 0, {
          configuration: {
            CustomData: `Review the terraform plan of ${p} before it is applied to production.`,
          },
        }),
      ],
    },
    ...spec.waves.map(
      (w, i): ScenarioStageDefinition => ({
        name: STAGE.prodWave(i + 1),
        actions: w.regions.map(r => apply(ACTION.deploy(r), r, 1, 6)),
        onSuccess: {
          conditions: [
            {
              result: 'ROLLBACK',
              rules: w.regions.map(r =>
                alarmRule(
                  RULE.bake(r),
                  r,
                  [ALARM.highSeverity(p, 'prod', r)],
                  w.bakeMinutes,
                ),
              ),
            },
          ],
        },
        onFailure: { result: 'ROLLBACK' },
      }),
    ),
  ];
  return {
    name: p,
    accountId: spec.accountId,
    region: spec.region,
    arn: `arn:aws:codepipeline:${spec.region}:${spec.accountId}:${p}`,
    roleArn: `arn:aws:iam::${spec.accountId}:role/${p}-pipeline-role`,
    executionMode: 'PARALLEL',
    pipelineType: 'V2',
    version: 2,
    created: spec.created,
    updated: spec.created,
    tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })),
    stages,
    repository: spec.repository,
  };
}

/** Every (env, region) that has alarms in a pipeline: beta/gamma/prod regions read from its actions. */
export function environmentsOf(
  pipeline: ScenarioPipeline,
): Array<{ env: string; region: string }> {
  const out: Array<{ env: string; region: string }> = [];
  const add = (env: string, region: string) => {
    if (!out.some(e => e.env === env && e.region === region))
      out.push({ env, region });
  };
  for (const stage of pipeline.stages) {
    const phase = parseStageName(stage.name)?.phase;
    const env =
      phase === 'beta' || phase === 'gamma' || phase === 'prod'
        ? phase
        : undefined;
    if (!env) continue;
    for (const a of stage.actions) {
      if (
        a.region &&
        (a.actionTypeId.category === 'Deploy' ||
          parseWaveActionName(a.name)?.step === 'deploy')
      ) {
        add(env, a.region);
      }
    }
  }
  return out;
}
