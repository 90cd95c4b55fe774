import type { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { ACTION, ROLE, type EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec } from '../../spec/schema';
import { junitReport } from '../buildspec';
import { ONE_BOX_DEPLOY_AND_BAKE } from '../buildCommands';
import type { RegionalDeployment } from '../stages/productionWaves';
import type { RegionAlarms } from '../stages/stageConditions';
import {
  BUILD_ARTIFACT,
  type RegionalProjects,
  SOURCE_ARTIFACT,
  type Toolchain,
} from '../toolchain/Toolchain';
import type { PipelineActionModel } from '../toolchain/pipelineModel';

/** The account of each environment of an application pipeline. @public */
export function environmentAccounts(
  spec: AppPipelineSpec,
): Record<EnvironmentName, string> {
  const s = spec.spec;
  return {
    beta: s.environments.beta.account,
    gamma: s.environments.gamma.account,
    prod: s.production.account,
  };
}

/** Props of {@link AppDeployActions}. @public */
export interface AppDeployActionsProps {
  readonly spec: AppPipelineSpec;
  /** Report group (ARN token) that receives the environment tests' JUnit results. */
  readonly testReportGroupArn: string;
}

/**
 * How an application reaches an environment, as pipeline actions: the CloudFormation deployment
 * of a region (through the environment's deploy role), the one-box step (a CodeBuild project in
 * each region with one boxes that deploys the one box and bakes it watching its alarm) and the
 * environment tests (CodeBuild projects whose suite, environment and region are variables).
 *
 * @public
 */
export class AppDeployActions {
  private readonly toolchain: Toolchain;
  private readonly spec: AppPipelineSpec['spec'];
  private readonly accounts: Record<EnvironmentName, string>;
  private readonly tests: CodebuildProject;
  private readonly gammaTests: CodebuildProject;
  private readonly oneBoxProject: RegionalProjects;

  constructor(toolchain: Toolchain, props: AppDeployActionsProps) {
    const s = props.spec.spec;
    this.toolchain = toolchain;
    this.spec = s;
    this.accounts = environmentAccounts(props.spec);
    const timeout = s.build.timeout;
    this.tests = toolchain.project('tests', {
      suffix: 'tests',
      description:
        'Environment tests; TEST_SUITE names the suite, TARGET_ENV/TARGET_REGION the target',
      timeout,
      buildspec: {
        phases: { build: { commands: [...s.environments.beta.testCommands] } },
        reports: junitReport('reports/**/*.xml'),
      },
      tokens: { REPORT_GROUP: props.testReportGroupArn },
    });
    this.gammaTests = toolchain.project('gamma-tests', {
      suffix: 'gamma-tests',
      description:
        'Gamma tests; TEST_SUITE names the suite (integration, acceptance, synthetic, performance, resilience, dast)',
      timeout,
      privileged: s.environments.gamma.tests.dast,
      buildspec: {
        phases: {
          build: { commands: [...s.environments.gamma.testCommands] },
        },
        reports: junitReport('reports/**/*.xml'),
      },
      tokens: { REPORT_GROUP: props.testReportGroupArn },
    });
    const oneBoxRegions = [
      ...(s.environments.gamma.oneBox ? s.environments.gamma.regions : []),
      ...s.production.waves.filter(w => w.oneBox).flatMap(w => w.regions),
    ];
    this.oneBoxProject = toolchain.projectInEachRegion(oneBoxRegions, {
      suffix: 'onebox',
      description:
        'Deploys the one box, then bakes while watching its alarm; fails (and the stage rolls back) if it fires',
      timeout: '36h',
      buildspec: { phases: { build: { commands: ONE_BOX_DEPLOY_AND_BAKE } } },
    });
  }

  /** The role in an environment's account that the pipeline deploys with. */
  deployRoleArn(env: EnvironmentName): string {
    return this.toolchain.roleArn(
      this.accounts[env],
      ROLE.deploy(this.toolchain.name),
    );
  }

  /** The role an environment's CloudFormation stacks run with. */
  private executionRoleArn(env: EnvironmentName): string {
    return this.toolchain.roleArn(
      this.accounts[env],
      ROLE.cloudFormationExecution(this.toolchain.name),
    );
  }

  private stackName(env: EnvironmentName): string {
    return `${this.spec.deploy.stackName ?? this.toolchain.name}-${env}`;
  }

  /** `Deploy-<region>`: the CloudFormation stack of the environment in a region. */
  deploy(
    env: EnvironmentName,
    region: string,
    runOrder: number,
  ): PipelineActionModel {
    return {
      name: ACTION.deploy(region),
      category: 'Deploy',
      provider: 'CloudFormation',
      region,
      runOrder,
      roleArn: this.deployRoleArn(env),
      inputArtifacts: [BUILD_ARTIFACT],
      configuration: {
        ActionMode: 'CREATE_UPDATE',
        StackName: this.stackName(env),
        TemplatePath: `${BUILD_ARTIFACT}::${this.spec.deploy.templatePath}`,
        RoleArn: this.executionRoleArn(env),
        Capabilities:
          'CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
        ParameterOverrides: JSON.stringify({
          Environment: env,
          DeploymentUnit: 'fleet',
        }),
      },
    };
  }

  /** `OneBox-<region>`: deploys the one box, then bakes `bakeMinutes` watching its alarm. */
  oneBox(
    env: EnvironmentName,
    r: RegionAlarms,
    bakeMinutes: number,
    runOrder: number,
  ): PipelineActionModel {
    return this.toolchain.buildAction(
      ACTION.oneBox(r.region),
      this.oneBoxProject(r.region),
      {
        category: 'Deploy',
        region: r.region,
        runOrder,
        inputs: [BUILD_ARTIFACT],
        env: {
          DEPLOY_ROLE_ARN: this.deployRoleArn(env),
          CFN_EXEC_ROLE_ARN: this.executionRoleArn(env),
          STACK_NAME: `${this.stackName(env)}-onebox`,
          TEMPLATE_PATH: this.spec.deploy.templatePath,
          ENVIRONMENT: env,
          ONEBOX_ALARM: r.oneBoxHighSeverity ?? r.highSeverity,
          BAKE_MINUTES: String(bakeMinutes),
        },
      },
    );
  }

  /** One-box step and deployment of each region of an environment, for the stage builders. */
  regional(env: EnvironmentName): RegionalDeployment {
    return {
      deploy: (r, runOrder) => this.deploy(env, r.region, runOrder),
      oneBox: (r, bakeMinutes, runOrder) =>
        this.oneBox(env, r, bakeMinutes, runOrder),
    };
  }

  /** A test suite against an environment (gamma suites run in their own project). */
  test(
    action: string,
    suite: string,
    env: EnvironmentName,
    region: string,
    runOrder: number,
  ): PipelineActionModel {
    return this.toolchain.buildAction(
      action,
      env === 'gamma' ? this.gammaTests : this.tests,
      {
        category: 'Test',
        runOrder,
        inputs: [SOURCE_ARTIFACT],
        env: {
          TEST_SUITE: suite,
          TARGET_ENV: env,
          TARGET_REGION: region,
          TARGET_ACCOUNT: this.accounts[env],
        },
      },
    );
  }
}
