import type { App } from 'cdktf';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { ACTION, type EnvironmentName } from '@dpra/pipeline-contract';
import type { AppPipelineSpec, ConfigPipelineSpec } from '../../spec/schema';
import { DpraStack, pipelineTags } from '../DpraStack';
import type { PolicyStatement } from '../iamPolicy';
import { ServiceAlarms } from '../ServiceAlarms';
import type { RegionAlarms } from '../stages/stageConditions';
import type { PipelineActionModel, PipelineStageModel } from './pipelineModel';
import { Toolchain } from './Toolchain';

/**
 * The spec of a kind whose pipeline builds and tests a service's source, then deploys it through
 * Beta, Gamma and the production waves: the application and the dynamic-configuration kinds.
 *
 * @public
 */
export type ServicePipelineSpec = AppPipelineSpec | ConfigPipelineSpec;

/** Props of {@link ServiceToolchainStack}. @public */
export interface ServiceToolchainStackProps {
  readonly spec: ServicePipelineSpec;
  /** Every region the pipeline deploys to; each, with the toolchain's, gets a provider. */
  readonly deployRegions: readonly string[];
  /** The account of an environment, whose metrics the environment's alarms watch. */
  readonly environmentAccount: (env: EnvironmentName) => string;
  /** Accounts whose roles read the pipeline's artifacts. @default [] */
  readonly trustedAccounts?: readonly string[];
  /** E-mail subscriptions of the notification topic. @default [] */
  readonly notificationEmails?: readonly string[];
}

/**
 * What the toolchain stacks of the application and dynamic-configuration kinds share: the
 * providers of the toolchain's and every deploy region, the toolchain (artifact stores, roles,
 * notifications, source) in the toolchain account, the report groups of the unit tests and of the
 * environment tests, the alarms an environment's stage conditions watch, the manual approval and
 * the permission to import findings into Security Hub. Each kind adds its deploy actions.
 *
 * @public
 */
export abstract class ServiceToolchainStack extends DpraStack {
  readonly toolchain: Toolchain;
  /** The report group of the build's unit tests (`<name>-unit-tests`). */
  protected readonly unitTestReports: CodebuildReportGroup;
  /** The report group of the environments' test suites (`<name>-tests`). */
  protected readonly testReports: CodebuildReportGroup;
  protected readonly spec: ServicePipelineSpec;
  private readonly environmentAccount: (env: EnvironmentName) => string;

  constructor(scope: App, id: string, props: ServiceToolchainStackProps) {
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const regions = [...new Set([s.toolchain.region, ...props.deployRegions])];
    super(scope, id, {
      account: s.toolchain.account,
      region: s.toolchain.region,
      regions,
      tags: pipelineTags(props.spec.metadata),
    });
    this.spec = props.spec;
    this.environmentAccount = props.environmentAccount;

    // A deploy action runs in the region it deploys to: the portal reads a wave's regions from
    // its actions' regions.
    this.toolchain = new Toolchain(this, 'toolchain', {
      name,
      regions,
      trustedAccounts: props.trustedAccounts,
      notificationEmails: props.notificationEmails,
      executionMode: s.toolchain.executionMode,
      waivers: s.waivers,
      source: s.source,
      buildImage: s.build.image,
      computeType: s.build.computeType,
    });
    this.unitTestReports = new CodebuildReportGroup(this, 'unit-test-reports', {
      name: `${name}-unit-tests`,
      type: 'TEST',
      exportConfig: { type: 'NO_EXPORT' },
    });
    this.testReports = new CodebuildReportGroup(this, 'test-reports', {
      name: `${name}-tests`,
      type: 'TEST',
      exportConfig: { type: 'NO_EXPORT' },
    });
  }

  /** Beta and Gamma roll back on failure, except in PARALLEL mode, where CodePipeline has no stage rollback. */
  protected get canRollBack(): boolean {
    return this.spec.spec.toolchain.executionMode !== 'PARALLEL';
  }

  /**
   * The alarms the stage conditions of an environment's region watch (in this, the toolchain
   * account), with the one box's when the region deploys one first.
   */
  protected regionAlarms(
    env: EnvironmentName,
    region: string,
    oneBox?: boolean,
  ): RegionAlarms {
    const s = this.spec.spec;
    return new ServiceAlarms(this, `alarms-${env}-${region}`, {
      provider: this.provider(region),
      pipeline: this.spec.metadata.name,
      environment: env,
      region,
      monitoring: s.monitoring,
      metricAccount: this.environmentAccount(env),
      oneBox,
      // Only production stages have entry checks, and only they honour organisation blockers.
      blockerAlarms: env === 'prod' ? s.production.blockerAlarms : [],
    }).watched;
  }

  /** The manual approval before production, when the spec keeps it (none when it is waived). */
  protected approvalStages(defaultComment: string): PipelineStageModel[] {
    const approval = this.spec.spec.approval;
    return approval.enabled
      ? [this.toolchain.manualApprovalStage(approval.comment ?? defaultComment)]
      : [];
  }

  /** The build role's permission to import the checks' findings, when Security Hub is on. */
  protected securityHubImportStatements(): PolicyStatement[] {
    const account = this.spec.spec.toolchain.account;
    return this.spec.spec.build.checks.securityHub
      ? [
          {
            Sid: 'SecurityHubImport',
            Effect: 'Allow',
            Action: 'securityhub:BatchImportFindings',
            Resource: `arn:${this.partition}:securityhub:*:${account}:product/${account}/default`,
          },
        ]
      : [];
  }
}

/** An environment's test switches: integration and acceptance in every one, more in Gamma. @public */
export interface EnvironmentTestSwitches {
  readonly integration: boolean;
  readonly acceptance: boolean;
  readonly synthetic?: boolean;
  readonly performance?: boolean;
  readonly resilience?: boolean;
  readonly dast?: boolean;
}

/** The test suites in the order an environment runs them, with the action that runs each. */
const TEST_SUITES: ReadonlyArray<[keyof EnvironmentTestSwitches, string]> = [
  ['integration', ACTION.integrationTests],
  ['acceptance', ACTION.acceptanceTests],
  ['synthetic', ACTION.syntheticTests],
  ['performance', ACTION.performanceTests],
  ['resilience', ACTION.resilienceTests],
  ['dast', ACTION.dast],
];

/**
 * The test actions of the suites an environment switches on, in order; `test` makes the action
 * of a suite (`action` from `ACTION`, `suite` the switch's name).
 *
 * @public
 */
export function enabledTestActions(
  tests: EnvironmentTestSwitches,
  test: (action: string, suite: string) => PipelineActionModel,
): PipelineActionModel[] {
  return TEST_SUITES.filter(([suite]) => tests[suite] === true).map(
    ([suite, action]) => test(action, suite),
  );
}
