import type { App } from 'cdktf';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import type { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import {
  ACTION,
  ROLE,
  STAGE,
  type EnvironmentName,
} from '@dpra/pipeline-contract';
import { configurationContentType } from '../../spec/configPipelineChecks';
import type { ConfigPipelineSpec } from '../../spec/schema';
import { durationMinutes } from '../../spec/scalars';
import { DpraStack, pipelineTags } from '../DpraStack';
import { ServiceAlarms } from '../ServiceAlarms';
import { appBuildStage } from '../app/appBuildStage';
import { junitReport } from '../buildspec';
import { environmentStage } from '../stages/environmentStages';
import { productionWaveStages } from '../stages/productionWaves';
import type { RegionAlarms } from '../stages/stageConditions';
import {
  BUILD_ARTIFACT,
  type RegionalProjects,
  Toolchain,
} from '../toolchain/Toolchain';
import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import { APPCONFIG_DEPLOY } from './appConfigCommands';
import {
  appConfigApplicationName,
  appConfigEnvironmentName,
  appConfigStrategyName,
  configEnvironments,
  configProfiles,
  profileFile,
} from './configNames';

/** Props of {@link ConfigToolchainStack}. @public */
export interface ConfigToolchainStackProps {
  readonly spec: ConfigPipelineSpec;
}

/** CodeBuild's longest build timeout. */
const MAX_BUILD_MINUTES = 36 * 60;

/**
 * The toolchain stack of a configuration pipeline: the CodePipeline V2 with Source → Build (the
 * application's checks) → Beta → Gamma → Approval → Prod-Wave1..N, where every region deploys the
 * feature flags (`DeployFlags-<region>`) and then the operational configuration
 * (`DeployConfig-<region>`) through AppConfig, one after the other because an AppConfig
 * environment runs one deployment at a time; and the alarms its stage conditions watch.
 *
 * The deploy actions are CodeBuild runs of StartDeployment rather than CodePipeline's `AppConfig`
 * action: that action takes the application, environment, profile and strategy ids, which
 * AppConfig makes in the environment accounts, so the toolchain stack could only learn them from
 * those accounts' state (no offline plan). CodeBuild (in the target region) finds them by name at
 * run time and waits on the deployment, failing the stage when AppConfig rolls back on an alarm.
 *
 * @public
 */
export class ConfigToolchainStack extends DpraStack {
  private readonly spec: ConfigPipelineSpec;
  private readonly toolchain: Toolchain;
  private readonly deployProject: RegionalProjects;

  constructor(scope: App, id: string, props: ConfigToolchainStackProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const envs = configEnvironments(props.spec);
    const deployRegions = Object.values(envs).flatMap(e => e.regions);
    const regions = [...new Set([s.toolchain.region, ...deployRegions])];
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      regions,
      tags: pipelineTags(props.spec.metadata),
    });
    this.spec = props.spec;

    // A deploy action runs in the region it deploys to, as in the other kinds: the portal reads
    // a wave's regions from its actions' regions.
    const tc = (this.toolchain = new Toolchain(this, 'toolchain', {
      name,
      regions,
      notificationEmails: s.approval.notify,
      executionMode: s.toolchain.executionMode,
      waivers: s.waivers,
      source: s.source,
      buildImage: s.build.image,
      computeType: s.build.computeType,
    }));
    const longestDeployment = Math.max(
      ...Object.values(envs).map(
        e =>
          durationMinutes(e.strategy.deploymentDuration) +
          durationMinutes(e.strategy.finalBake),
      ),
    );
    this.deployProject = tc.projectInEachRegion(deployRegions, {
      suffix: 'deploy-config',
      description:
        'Deploys one AppConfig profile to one environment and region, and waits for AppConfig to finish (or roll back)',
      timeout: `${Math.min(MAX_BUILD_MINUTES, longestDeployment + 30)}m`,
      buildspec: { phases: { build: { commands: APPCONFIG_DEPLOY } } },
    });
    const unitTestReports = new CodebuildReportGroup(
      this,
      'unit-test-reports',
      {
        name: `${name}-unit-tests`,
        type: 'TEST',
        exportConfig: { type: 'NO_EXPORT' },
      },
    );
    const testReports = new CodebuildReportGroup(this, 'test-reports', {
      name: `${name}-tests`,
      type: 'TEST',
      exportConfig: { type: 'NO_EXPORT' },
    });
    const tests = (env: 'beta' | 'gamma') =>
      tc.project(`${env}-tests`, {
        suffix: `${env}-tests`,
        description: `${env} tests of the deployed configuration; TEST_SUITE names the suite`,
        timeout: s.build.timeout,
        buildspec: {
          phases: {
            build: { commands: [...s.environments[env].testCommands] },
          },
          reports: junitReport('reports/**/*.xml'),
        },
        tokens: { REPORT_GROUP: testReports.arn },
      });
    const betaTests = tests('beta');
    const gammaTests = tests('gamma');
    const testsRunOrder = configProfiles(props.spec).length + 1;
    const testAction =
      (project: CodebuildProject, env: EnvironmentName, region: string) =>
      ([enabled, action, suite]: [boolean, string, string]) =>
        enabled
          ? [
              tc.buildAction(action, project, {
                category: 'Test',
                runOrder: testsRunOrder,
                env: {
                  TEST_SUITE: suite,
                  TARGET_ENV: env,
                  TARGET_REGION: region,
                  TARGET_ACCOUNT: envs[env].account,
                },
              }),
            ]
          : [];

    const beta = s.environments.beta;
    const gamma = s.environments.gamma;
    const canRollBack = s.toolchain.executionMode !== 'PARALLEL';
    const gammaAlarms = gamma.regions.map(r => this.regionAlarms('gamma', r));
    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      appBuildStage(tc, props.spec, unitTestReports.arn),
      environmentStage({
        name: STAGE.beta,
        deployActions: this.deployActions('beta', [beta.region]),
        testActions: (
          [
            [beta.tests.integration, ACTION.integrationTests, 'integration'],
            [beta.tests.acceptance, ACTION.acceptanceTests, 'acceptance'],
          ] as Array<[boolean, string, string]>
        ).flatMap(testAction(betaTests, 'beta', beta.region)),
        rollbackOnFailure: canRollBack,
      }),
      environmentStage({
        name: STAGE.gamma,
        deployActions: this.deployActions('gamma', gamma.regions),
        testActions: (
          [
            [gamma.tests.integration, ACTION.integrationTests, 'integration'],
            [gamma.tests.acceptance, ACTION.acceptanceTests, 'acceptance'],
            [gamma.tests.synthetic, ACTION.syntheticTests, 'synthetic'],
          ] as Array<[boolean, string, string]>
        ).flatMap(testAction(gammaTests, 'gamma', gamma.regions[0])),
        bake: { safety: s.production, alarms: gammaAlarms },
        rollbackOnFailure: canRollBack,
      }),
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ?? `Approve ${name} configuration for production`,
        ),
      );
    }
    stages.push(
      ...productionWaveStages({
        safety: s.production,
        waves: s.production.waves,
        alarms: wave => wave.regions.map(r => this.regionAlarms('prod', r)),
        actions: wave => this.deployActions('prod', wave.regions),
      }),
    );

    const deployRoles = (['beta', 'gamma', 'prod'] as const).map(env =>
      tc.roleArn(envs[env].account, ROLE.deploy(name)),
    );
    tc.pipeline(stages, {
      extraBuildStatements: [
        {
          Sid: 'DeployConfiguration',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: deployRoles,
        },
        ...(s.build.checks.securityHub
          ? [
              {
                Sid: 'SecurityHubImport',
                Effect: 'Allow' as const,
                Action: 'securityhub:BatchImportFindings',
                Resource: `arn:${this.partition}:securityhub:*:${s.toolchain.account}:product/${s.toolchain.account}/default`,
              },
            ]
          : []),
      ],
    });
  }

  /**
   * Per region, every profile in order (`DeployFlags-<region>` run order 1, `DeployConfig-<region>`
   * run order 2): an AppConfig environment takes one deployment at a time.
   */
  private deployActions(
    env: EnvironmentName,
    regions: readonly string[],
  ): PipelineActionModel[] {
    const name = this.spec.metadata.name;
    const account = configEnvironments(this.spec)[env].account;
    return regions.flatMap(region =>
      configProfiles(this.spec).map((profile, i) => {
        const file = profileFile(profile, env);
        return this.toolchain.buildAction(
          ACTION[profile.step](region),
          this.deployProject(region),
          {
            category: 'Deploy',
            region,
            runOrder: i + 1,
            inputs: [BUILD_ARTIFACT],
            env: {
              DEPLOY_ROLE_ARN: this.toolchain.roleArn(
                account,
                ROLE.deploy(name),
              ),
              TARGET_REGION: region,
              APPCONFIG_APPLICATION: appConfigApplicationName(name),
              APPCONFIG_ENVIRONMENT: appConfigEnvironmentName(env),
              APPCONFIG_PROFILE: profile.name,
              APPCONFIG_STRATEGY: appConfigStrategyName(name, env),
              CONFIG_PATH: file,
              CONTENT_TYPE: configurationContentType(file),
            },
          },
        );
      }),
    );
  }

  /** The alarms the stage conditions of an environment's region watch (in this account). */
  private regionAlarms(env: EnvironmentName, region: string): RegionAlarms {
    const s = this.spec.spec;
    return new ServiceAlarms(this, `alarms-${env}-${region}`, {
      provider: this.provider(region),
      pipeline: this.spec.metadata.name,
      environment: env,
      region,
      monitoring: s.monitoring,
      metricAccount: configEnvironments(this.spec)[env].account,
      blockerAlarms: env === 'prod' ? s.production.blockerAlarms : [],
    }).watched;
  }
}
