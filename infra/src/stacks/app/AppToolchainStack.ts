import type { App } from 'cdktf';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { ACTION, STAGE, type EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import { ServiceAlarms } from '../ServiceAlarms';
import { environmentStage } from '../stages/environmentStages';
import {
  productionWaveStages,
  regionalDeployActions,
} from '../stages/productionWaves';
import type { RegionAlarms } from '../stages/stageConditions';
import { Toolchain } from '../toolchain/Toolchain';
import type {
  PipelineActionModel,
  PipelineStageModel,
} from '../toolchain/pipelineModel';
import { AppDeployActions, environmentAccounts } from './AppDeployActions';
import { appBuildStage } from './appBuildStage';

/** Props of {@link AppToolchainStack}. @public */
export interface AppToolchainStackProps {
  readonly spec: AppPipelineSpec;
}

/**
 * The toolchain stack of an application pipeline: the CodePipeline V2 with Source → Build
 * (unit tests, code quality, SAST, SCA, SBOM, secrets, IaC scan) → Beta → Gamma (one-box, tests)
 * → Approval → Prod-Wave1..N, the alarms its stage conditions watch, and the build projects.
 *
 * @public
 */
export class AppToolchainStack extends DpraStack {
  readonly toolchain: Toolchain;
  private readonly spec: AppPipelineSpec;

  constructor(scope: App, id: string, props: AppToolchainStackProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const deployRegions = [
      s.environments.beta.region,
      ...s.environments.gamma.regions,
      ...s.production.waves.flatMap(w => w.regions),
    ];
    const regions = [...new Set([s.toolchain.region, ...deployRegions])];
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      regions,
      tags: pipelineTags(props.spec.metadata),
    });
    this.spec = props.spec;

    const tc = (this.toolchain = new Toolchain(this, 'toolchain', {
      name,
      regions,
      trustedAccounts: Object.values(environmentAccounts(props.spec)),
      notificationEmails: [...s.approval.notify, ...s.notifications.emails],
      executionMode: s.toolchain.executionMode,
      waivers: s.waivers,
      source: s.source,
      buildImage: s.build.image,
      computeType: s.build.computeType,
    }));
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
    const deploy = new AppDeployActions(tc, {
      spec: props.spec,
      testReportGroupArn: testReports.arn,
    });

    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      appBuildStage(tc, props.spec, unitTestReports.arn),
      this.betaStage(deploy),
      this.gammaStage(deploy),
    ];
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ?? `Approve ${name} for production`,
        ),
      );
    }
    stages.push(
      ...productionWaveStages({
        safety: s.production,
        waves: s.production.waves,
        alarms: wave =>
          wave.regions.map(r => this.regionAlarms('prod', r, wave.oneBox)),
        actions: (wave, plan) =>
          regionalDeployActions({
            safety: s.production,
            regions: plan.alarms,
            oneBox: wave.oneBox,
            deployment: deploy.regional('prod'),
          }),
      }),
    );

    tc.pipeline(stages, {
      crossAccountRoleArns: (['beta', 'gamma', 'prod'] as const).map(env =>
        deploy.deployRoleArn(env),
      ),
      extraBuildStatements: [
        {
          Sid: 'OneBoxDeploy',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [
            deploy.deployRoleArn('gamma'),
            deploy.deployRoleArn('prod'),
          ],
        },
        {
          Sid: 'OneBoxBakeAlarms',
          Effect: 'Allow',
          Action: 'cloudwatch:DescribeAlarms',
          Resource: '*',
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

  /** The alarms of an environment in a region (in this, the toolchain account). */
  private regionAlarms(
    env: EnvironmentName,
    region: string,
    oneBox: boolean,
  ): RegionAlarms {
    const s = this.spec.spec;
    return new ServiceAlarms(this, `alarms-${env}-${region}`, {
      provider: this.provider(region),
      pipeline: this.spec.metadata.name,
      environment: env,
      region,
      monitoring: s.monitoring,
      metricAccount: environmentAccounts(this.spec)[env],
      oneBox,
      // Only production stages have entry checks, and only they honour organisation blockers.
      blockerAlarms: env === 'prod' ? s.production.blockerAlarms : [],
    }).watched;
  }

  /** Beta and Gamma roll back on failure, except in PARALLEL mode, where CodePipeline has no stage rollback. */
  private get canRollBack(): boolean {
    return this.spec.spec.toolchain.executionMode !== 'PARALLEL';
  }

  /** `Beta`: deploy the one beta region, then its integration and acceptance tests. */
  private betaStage(deploy: AppDeployActions): PipelineStageModel {
    const beta = this.spec.spec.environments.beta;
    const suites: Array<[boolean, string, string]> = [
      [beta.tests.integration, ACTION.integrationTests, 'integration'],
      [beta.tests.acceptance, ACTION.acceptanceTests, 'acceptance'],
    ];
    return environmentStage({
      name: STAGE.beta,
      deployActions: [deploy.deploy('beta', beta.region, 1)],
      testActions: enabledTests(suites, (action, suite) =>
        deploy.test(action, suite, 'beta', beta.region, 2),
      ),
      rollbackOnFailure: this.canRollBack,
    });
  }

  /**
   * `Gamma`: one box first in each region (when `oneBox`), then the region; then every test suite
   * the spec switches on, against the first region; it bakes before production.
   */
  private gammaStage(deploy: AppDeployActions): PipelineStageModel {
    const s = this.spec.spec;
    const gamma = s.environments.gamma;
    const alarms = gamma.regions.map(r =>
      this.regionAlarms('gamma', r, gamma.oneBox),
    );
    const suites: Array<[boolean, string, string]> = [
      [gamma.tests.integration, ACTION.integrationTests, 'integration'],
      [gamma.tests.acceptance, ACTION.acceptanceTests, 'acceptance'],
      [gamma.tests.synthetic, ACTION.syntheticTests, 'synthetic'],
      [gamma.tests.performance, ACTION.performanceTests, 'performance'],
      [gamma.tests.resilience, ACTION.resilienceTests, 'resilience'],
      [gamma.tests.dast, ACTION.dast, 'dast'],
    ];
    return environmentStage({
      name: STAGE.gamma,
      deployActions: regionalDeployActions({
        safety: s.production,
        regions: alarms,
        oneBox: gamma.oneBox,
        deployment: deploy.regional('gamma'),
      }),
      testActions: enabledTests(suites, (action, suite) =>
        deploy.test(action, suite, 'gamma', gamma.regions[0], 3),
      ),
      bake: { safety: s.production, alarms },
      rollbackOnFailure: this.canRollBack,
    });
  }
}

/** The test actions of the suites the spec switches on, in order. */
function enabledTests(
  suites: Array<[boolean, string, string]>,
  test: (action: string, suite: string) => PipelineActionModel,
): PipelineActionModel[] {
  return suites
    .filter(([enabled]) => enabled)
    .map(([, action, suite]) => test(action, suite));
}
