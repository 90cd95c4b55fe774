import type { App } from 'cdktf';
import { STAGE } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import { environmentStage } from '../stages/environmentStages';
import {
  productionWaveStages,
  regionalDeployActions,
} from '../stages/productionWaves';
import {
  ServiceToolchainStack,
  enabledTestActions,
} from '../toolchain/ServiceToolchainStack';
import type { PipelineStageModel } from '../toolchain/pipelineModel';
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
export class AppToolchainStack extends ServiceToolchainStack {
  private readonly appSpec: AppPipelineSpec;

  constructor(scope: App, id: string, props: AppToolchainStackProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const accounts = environmentAccounts(props.spec);
    super(scope, id, {
      spec: props.spec,
      deployRegions: [
        s.environments.beta.region,
        ...s.environments.gamma.regions,
        ...s.production.waves.flatMap(w => w.regions),
      ],
      environmentAccount: env => accounts[env],
      trustedAccounts: Object.values(accounts),
      notificationEmails: [...s.approval.notify, ...s.notifications.emails],
    });
    this.appSpec = props.spec;

    const tc = this.toolchain;
    const deploy = new AppDeployActions(tc, {
      spec: props.spec,
      testReportGroupArn: this.testReports.arn,
    });

    const stages: PipelineStageModel[] = [
      tc.sourceStage(),
      appBuildStage(tc, props.spec, this.unitTestReports.arn),
      this.betaStage(deploy),
      this.gammaStage(deploy),
      ...this.approvalStages(`Approve ${name} for production`),
    ];
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
        ...this.securityHubImportStatements(),
      ],
    });
  }

  /** `Beta`: deploy the one beta region, then its integration and acceptance tests. */
  private betaStage(deploy: AppDeployActions): PipelineStageModel {
    const beta = this.appSpec.spec.environments.beta;
    return environmentStage({
      name: STAGE.beta,
      deployActions: [deploy.deploy('beta', beta.region, 1)],
      testActions: enabledTestActions(beta.tests, (action, suite) =>
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
    const s = this.appSpec.spec;
    const gamma = s.environments.gamma;
    const alarms = gamma.regions.map(r =>
      this.regionAlarms('gamma', r, gamma.oneBox),
    );
    return environmentStage({
      name: STAGE.gamma,
      deployActions: regionalDeployActions({
        safety: s.production,
        regions: alarms,
        oneBox: gamma.oneBox,
        deployment: deploy.regional('gamma'),
      }),
      testActions: enabledTestActions(gamma.tests, (action, suite) =>
        deploy.test(action, suite, 'gamma', gamma.regions[0], 3),
      ),
      bake: { safety: s.production, alarms },
      rollbackOnFailure: this.canRollBack,
    });
  }
}
