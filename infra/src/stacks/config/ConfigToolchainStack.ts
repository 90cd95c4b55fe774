import type { App } from 'cdktf';
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
import { appBuildStage } from '../app/appBuildStage';
import { junitReport } from '../buildspec';
import { environmentStage } from '../stages/environmentStages';
import { productionWaveStages } from '../stages/productionWaves';
import {
  ServiceToolchainStack,
  enabledTestActions,
} from '../toolchain/ServiceToolchainStack';
import { BUILD_ARTIFACT, type RegionalProjects } from '../toolchain/Toolchain';
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
export class ConfigToolchainStack extends ServiceToolchainStack {
  private readonly configSpec: ConfigPipelineSpec;
  private readonly deployProject: RegionalProjects;

  constructor(scope: App, id: string, props: ConfigToolchainStackProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const envs = configEnvironments(props.spec);
    const deployRegions = Object.values(envs).flatMap(e => e.regions);
    super(scope, id, {
      spec: props.spec,
      deployRegions,
      environmentAccount: env => envs[env].account,
      notificationEmails: s.approval.notify,
    });
    this.configSpec = props.spec;

    const tc = this.toolchain;
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
        tokens: { REPORT_GROUP: this.testReports.arn },
      });
    const betaTests = tests('beta');
    const gammaTests = tests('gamma');
    const testsRunOrder = configProfiles(props.spec).length + 1;
    const testAction =
      (project: CodebuildProject, env: EnvironmentName, region: string) =>
      (action: string, suite: string) =>
        tc.buildAction(action, project, {
          category: 'Test',
          runOrder: testsRunOrder,
          env: {
            TEST_SUITE: suite,
            TARGET_ENV: env,
            TARGET_REGION: region,
            TARGET_ACCOUNT: envs[env].account,
          },
        });

    const beta = s.environments.beta;
    const gamma = s.environments.gamma;
    const gammaAlarms = gamma.regions.map(r => this.regionAlarms('gamma', r));
    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      appBuildStage(tc, props.spec, this.unitTestReports.arn),
      environmentStage({
        name: STAGE.beta,
        deployActions: this.deployActions('beta', [beta.region]),
        testActions: enabledTestActions(
          beta.tests,
          testAction(betaTests, 'beta', beta.region),
        ),
        rollbackOnFailure: this.canRollBack,
      }),
      environmentStage({
        name: STAGE.gamma,
        deployActions: this.deployActions('gamma', gamma.regions),
        testActions: enabledTestActions(
          gamma.tests,
          testAction(gammaTests, 'gamma', gamma.regions[0]),
        ),
        bake: { safety: s.production, alarms: gammaAlarms },
        rollbackOnFailure: this.canRollBack,
      }),
      ...this.approvalStages(`Approve ${name} configuration for production`),
    ];
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
        ...this.securityHubImportStatements(),
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
    const name = this.configSpec.metadata.name;
    const account = configEnvironments(this.configSpec)[env].account;
    return regions.flatMap(region =>
      configProfiles(this.configSpec).map((profile, i) => {
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
}
