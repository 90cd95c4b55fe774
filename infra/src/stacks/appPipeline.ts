import type { App } from 'cdktf';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ACTION, ROLE, STAGE, type EnvironmentName } from '../naming';
import type { AppPipelineSpec } from '../spec/schema';
import { durationMinutes } from '../spec/scalars';
import { DpraStack } from './DpraStack';
import { policyDocument, serviceTrust } from './iamPolicy';
import { tokenPlaceholder } from './buildspec';
import type { PipelineActionModel, PipelineStageModel } from './pipelineModel';
import { ServiceAlarms } from './ServiceAlarms';
import {
  bakeCondition,
  entryCondition,
  type RegionAlarms,
} from './stageSafety';
import { BUILD_ARTIFACT, SOURCE_ARTIFACT, Toolchain } from './Toolchain';
import {
  ASFF_IMPORT,
  INSTALL_GITLEAKS,
  INSTALL_TRIVY,
  ONE_BOX_DEPLOY_AND_BAKE,
} from './buildCommands';

function tagsOf(spec: AppPipelineSpec): Record<string, string> {
  return { 'dpra:pipeline': spec.metadata.name, ...spec.metadata.tags };
}

/** Name of the stack of an environment: `<pipeline>-beta` etc. @public */
export function environmentStackName(
  pipeline: string,
  env: EnvironmentName,
): string {
  return `${pipeline}-${env}`;
}

/** Props of {@link AppEnvironmentStack}. @public */
export interface AppEnvironmentStackProps {
  readonly spec: AppPipelineSpec;
  readonly environment: EnvironmentName;
  readonly account: string;
  readonly region: string;
}

/**
 * What an environment account needs so the toolchain can deploy into it: a deploy role that only
 * the pipeline and its CodeBuild role (in the toolchain account) can assume, allowed to operate
 * this pipeline's CloudFormation stacks and read its artifacts, and the CloudFormation execution
 * role those stacks run with.
 *
 * @public
 */
export class AppEnvironmentStack extends DpraStack {
  constructor(scope: App, id: string, props: AppEnvironmentStackProps) {
    super(scope, id, {
      account: props.account,
      region: props.region,
      tags: { ...tagsOf(props.spec), 'dpra:environment': props.environment },
    });
    const name = props.spec.metadata.name;
    const toolchainAccount = props.spec.spec.toolchain.account;
    const stackStem = `${props.spec.spec.deploy.stackName ?? name}-${
      props.environment
    }`;
    const toolchainRole = (role: string) =>
      `arn:${this.partition}:iam::${toolchainAccount}:role/${role}`;
    const deployRole = new IamRole(this, 'deploy-role', {
      name: ROLE.deploy(name),
      description: `Assumed by pipeline ${name} in ${toolchainAccount} to deploy ${props.environment}`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: {
            AWS: `arn:${this.partition}:iam::${toolchainAccount}:root`,
          },
          Action: 'sts:AssumeRole',
          // Root principal + PrincipalArn condition: the trust does not break if the toolchain
          // roles are created after this stack, yet only those two roles can assume it.
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [
                toolchainRole(`${name}-pipeline`),
                toolchainRole(`${name}-codebuild`),
              ],
            },
          },
        },
      ]),
    });
    const execRole = new IamRole(this, 'cfn-exec-role', {
      name: ROLE.cloudFormationExecution(name),
      description: `CloudFormation execution role of ${name} (${props.environment})`,
      assumeRolePolicy: serviceTrust('cloudformation.amazonaws.com'),
    });
    props.spec.spec.deploy.executionPolicyArns.forEach((arn, i) => {
      new IamRolePolicyAttachment(this, `cfn-exec-policy-${i}`, {
        role: execRole.name,
        policyArn: arn,
      });
    });
    new IamRolePolicy(this, 'deploy-policy', {
      role: deployRole.id,
      name: 'deploy',
      policy: policyDocument([
        {
          Sid: 'Stacks',
          Effect: 'Allow',
          Action: [
            'cloudformation:CreateStack',
            'cloudformation:UpdateStack',
            'cloudformation:DeleteStack',
            'cloudformation:DescribeStacks',
            'cloudformation:DescribeStackEvents',
            'cloudformation:CreateChangeSet',
            'cloudformation:DescribeChangeSet',
            'cloudformation:ExecuteChangeSet',
            'cloudformation:DeleteChangeSet',
            'cloudformation:GetTemplate',
            'cloudformation:RollbackStack',
            'cloudformation:ContinueUpdateRollback',
          ],
          Resource: `arn:${this.partition}:cloudformation:*:${props.account}:stack/${stackStem}*/*`,
        },
        {
          Sid: 'ValidateTemplate',
          Effect: 'Allow',
          Action: 'cloudformation:ValidateTemplate',
          Resource: '*',
        },
        {
          Sid: 'PassExecutionRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: execRole.arn,
        },
        {
          Sid: 'ReadArtifacts',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `arn:${this.partition}:s3:::${name}-art-${toolchainAccount}-*/*`,
        },
        {
          Sid: 'DecryptArtifacts',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: `arn:${this.partition}:kms:*:${toolchainAccount}:key/*`,
        },
      ]),
    });
  }
}

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
      tags: tagsOf(props.spec),
    });

    const envAccounts: Record<EnvironmentName, string> = {
      beta: s.environments.beta.account,
      gamma: s.environments.gamma.account,
      prod: s.production.account,
    };
    const tc = (this.toolchain = new Toolchain(this, 'toolchain', {
      name,
      regions,
      trustedAccounts: Object.values(envAccounts),
      notificationEmails: [...s.approval.notify, ...s.notifications.emails],
      source: s.source,
      buildImage: s.build.image,
      computeType: s.build.computeType,
    }));
    const deployRoleArn = (env: EnvironmentName) =>
      tc.roleArn(envAccounts[env], ROLE.deploy(name));
    const execRoleArn = (env: EnvironmentName) =>
      tc.roleArn(envAccounts[env], ROLE.cloudFormationExecution(name));
    const stackStem = s.deploy.stackName ?? name;
    const timeout = s.build.timeout;
    const lit = (commands: string[]) => commands;

    // ---- Build stage ---------------------------------------------------------------------
    const reportGroup = new CodebuildReportGroup(this, 'unit-test-reports', {
      name: `${name}-unit-tests`,
      type: 'TEST',
      exportConfig: { type: 'NO_EXPORT' },
    });
    const testReportGroup = new CodebuildReportGroup(this, 'test-reports', {
      name: `${name}-tests`,
      type: 'TEST',
      exportConfig: { type: 'NO_EXPORT' },
    });
    const securityHub = s.build.checks.securityHub;
    const asffEnv = { variables: { AWS_ACCOUNT_ID: s.toolchain.account } };
    const build = tc.project('build', {
      suffix: 'build',
      description: 'Build once; the artifact is promoted unchanged',
      timeout,
      buildspec: {
        phases: { build: { commands: lit(s.build.commands) } },
        artifacts: { files: ['**/*'] },
      },
    });
    const buildActions: PipelineActionModel[] = [
      tc.buildAction(ACTION.build, build, { outputs: [BUILD_ARTIFACT] }),
    ];
    const unit = tc.project('unit-tests', {
      suffix: 'unit-tests',
      description: 'Unit tests with a CodeBuild test report',
      timeout,
      buildspec: {
        phases: { build: { commands: lit(s.build.unitTestCommands) } },
        reports: {
          [tokenPlaceholder('REPORT_GROUP')]: {
            files: [s.build.testReportPath],
            'file-format': 'JUNITXML',
          },
        },
      },
      tokens: { REPORT_GROUP: reportGroup.arn },
    });
    buildActions.push(
      tc.buildAction(ACTION.unitTests, unit, { category: 'Test' }),
    );
    const checks = s.build.checks;
    const optionalCheck = (
      enabled: boolean,
      action: string,
      suffix: string,
      description: string,
      commands: string[],
      install: string[] = [],
      post: string[] = [],
    ) => {
      if (!enabled) return;
      const project = tc.project(suffix, {
        suffix,
        description,
        timeout,
        buildspec: {
          env: asffEnv,
          phases: {
            ...(install.length ? { install: { commands: install } } : {}),
            build: { commands },
            ...(post.length ? { post_build: { commands: post } } : {}),
          },
        },
      });
      buildActions.push(tc.buildAction(action, project, { category: 'Test' }));
    };
    optionalCheck(
      checks.codeQuality,
      ACTION.codeQuality,
      'code-quality',
      'Code quality of application and infrastructure code',
      lit(s.build.codeQualityCommands),
    );
    optionalCheck(
      checks.sast,
      ACTION.sast,
      'sast',
      'Static application security testing',
      lit(s.build.sastCommands),
    );
    optionalCheck(
      checks.sca,
      ACTION.sca,
      'sca',
      'Software composition analysis (Trivy): vulnerabilities and licences',
      [
        'mkdir -p reports',
        'trivy fs --scanners vuln,license --severity HIGH,CRITICAL --exit-code 1 --format json --output reports/findings.json .',
      ],
      INSTALL_TRIVY,
      securityHub ? ASFF_IMPORT : [],
    );
    optionalCheck(
      checks.sbom,
      ACTION.sbom,
      'sbom',
      'Software bill of materials (CycloneDX)',
      [
        'mkdir -p reports',
        'trivy fs --format cyclonedx --output reports/sbom.cdx.json .',
      ],
      INSTALL_TRIVY,
    );
    optionalCheck(
      checks.secretsScan,
      ACTION.secretsScan,
      'secrets-scan',
      'Secrets detection (gitleaks); fails on any secret',
      [
        'mkdir -p reports',
        'gitleaks detect --source . --no-git --redact --exit-code 1 --report-format json --report-path reports/gitleaks.json',
      ],
      INSTALL_GITLEAKS,
    );
    optionalCheck(
      checks.iacScan,
      ACTION.iacScan,
      'iac-scan',
      'Infrastructure-as-code scan (Trivy config)',
      [
        'mkdir -p reports',
        'trivy config --severity HIGH,CRITICAL --exit-code 1 --format json --output reports/findings.json .',
      ],
      INSTALL_TRIVY,
      securityHub ? ASFF_IMPORT : [],
    );

    // ---- Shared test and one-box projects -------------------------------------------------
    const tests = tc.project('tests', {
      suffix: 'tests',
      description:
        'Environment tests; TEST_SUITE names the suite, TARGET_ENV/TARGET_REGION the target',
      timeout,
      buildspec: {
        phases: {
          build: { commands: lit([...s.environments.beta.testCommands]) },
        },
        reports: {
          [tokenPlaceholder('REPORT_GROUP')]: {
            files: ['reports/**/*.xml'],
            'file-format': 'JUNITXML',
          },
        },
      },
      tokens: { REPORT_GROUP: testReportGroup.arn },
    });
    const gammaTests = tc.project('gamma-tests', {
      suffix: 'gamma-tests',
      description:
        'Gamma tests; TEST_SUITE names the suite (integration, acceptance, synthetic, performance, resilience, dast)',
      timeout,
      privileged: s.environments.gamma.tests.dast,
      buildspec: {
        phases: {
          build: { commands: lit([...s.environments.gamma.testCommands]) },
        },
        reports: {
          [tokenPlaceholder('REPORT_GROUP')]: {
            files: ['reports/**/*.xml'],
            'file-format': 'JUNITXML',
          },
        },
      },
      tokens: { REPORT_GROUP: testReportGroup.arn },
    });
    const oneBoxRegions = [
      ...(s.environments.gamma.oneBox ? s.environments.gamma.regions : []),
      ...s.production.waves.filter(w => w.oneBox).flatMap(w => w.regions),
    ];
    const oneBoxProjects = new Map(
      [...new Set(oneBoxRegions)].map(region => [
        region,
        tc.project(`onebox-${region}`, {
          suffix: 'onebox',
          region,
          description:
            'Deploys the one box, then bakes while watching its alarm; fails (and the stage rolls back) if it fires',
          timeout: '36h',
          buildspec: {
            phases: { build: { commands: ONE_BOX_DEPLOY_AND_BAKE } },
          },
        }),
      ]),
    );

    // ---- Alarms (toolchain account, per environment and region) --------------------------
    const alarms = (
      env: EnvironmentName,
      region: string,
      oneBox: boolean,
    ): RegionAlarms => {
      const a = new ServiceAlarms(this, `alarms-${env}-${region}`, {
        provider: this.provider(region),
        pipeline: name,
        environment: env,
        region,
        monitoring: s.monitoring,
        metricAccount: envAccounts[env],
        oneBox,
        // Only production stages have entry checks, and only they honour organisation blockers.
        blockerAlarms: env === 'prod' ? s.production.blockerAlarms : [],
      });
      return {
        region,
        highSeverity: a.highSeverityAlarmName,
        oneBoxHighSeverity: a.oneBoxHighSeverityAlarmName,
        entry: a.entryAlarmName,
      };
    };

    const deployAction = (
      env: EnvironmentName,
      region: string,
      runOrder: number,
    ): PipelineActionModel => ({
      name: ACTION.deploy(region),
      category: 'Deploy',
      provider: 'CloudFormation',
      region,
      runOrder,
      roleArn: deployRoleArn(env),
      inputArtifacts: [BUILD_ARTIFACT],
      configuration: {
        ActionMode: 'CREATE_UPDATE',
        StackName: `${stackStem}-${env}`,
        TemplatePath: `${BUILD_ARTIFACT}::${s.deploy.templatePath}`,
        RoleArn: execRoleArn(env),
        Capabilities:
          'CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
        ParameterOverrides: JSON.stringify({
          Environment: env,
          DeploymentUnit: 'fleet',
        }),
      },
    });
    const oneBoxAction = (
      env: EnvironmentName,
      r: RegionAlarms,
      bakeMinutes: number,
    ): PipelineActionModel => ({
      ...tc.buildAction(
        ACTION.oneBox(r.region),
        oneBoxProjects.get(r.region as (typeof oneBoxRegions)[number])!,
        {
          category: 'Deploy',
          region: r.region,
          runOrder: 1,
          inputs: [BUILD_ARTIFACT],
          env: {
            DEPLOY_ROLE_ARN: deployRoleArn(env),
            CFN_EXEC_ROLE_ARN: execRoleArn(env),
            STACK_NAME: `${stackStem}-${env}-onebox`,
            TEMPLATE_PATH: s.deploy.templatePath,
            ENVIRONMENT: env,
            ONEBOX_ALARM: r.oneBoxHighSeverity ?? r.highSeverity,
            BAKE_MINUTES: String(bakeMinutes),
          },
        },
      ),
    });
    const testAction = (
      action: string,
      suite: string,
      env: EnvironmentName,
      region: string,
      runOrder: number,
      project = tests,
    ): PipelineActionModel =>
      tc.buildAction(action, project, {
        category: 'Test',
        runOrder,
        inputs: [SOURCE_ARTIFACT],
        env: {
          TEST_SUITE: suite,
          TARGET_ENV: env,
          TARGET_REGION: region,
          TARGET_ACCOUNT: envAccounts[env],
        },
      });

    const stages: PipelineStageModel[] = [
      { name: STAGE.source, actions: [tc.sourceAction] },
      { name: STAGE.build, actions: buildActions },
    ];

    // ---- Beta ------------------------------------------------------------------------------
    const beta = s.environments.beta;
    const betaActions: PipelineActionModel[] = [
      deployAction('beta', beta.region, 1),
    ];
    if (beta.tests.integration)
      betaActions.push(
        testAction(
          ACTION.integrationTests,
          'integration',
          'beta',
          beta.region,
          2,
        ),
      );
    if (beta.tests.acceptance)
      betaActions.push(
        testAction(
          ACTION.acceptanceTests,
          'acceptance',
          'beta',
          beta.region,
          2,
        ),
      );
    stages.push({
      name: STAGE.beta,
      actions: betaActions,
      rollbackOnFailure: true,
    });

    // ---- Gamma -----------------------------------------------------------------------------
    const gamma = s.environments.gamma;
    const oneBoxBake = durationMinutes(s.production.bake.oneBox);
    const gammaAlarms = gamma.regions.map(r =>
      alarms('gamma', r, gamma.oneBox),
    );
    const gammaActions: PipelineActionModel[] = [];
    for (const r of gammaAlarms) {
      if (gamma.oneBox) gammaActions.push(oneBoxAction('gamma', r, oneBoxBake));
      gammaActions.push(deployAction('gamma', r.region, 2));
    }
    const gammaSuites: Array<[boolean, string, string]> = [
      [gamma.tests.integration, ACTION.integrationTests, 'integration'],
      [gamma.tests.acceptance, ACTION.acceptanceTests, 'acceptance'],
      [gamma.tests.synthetic, ACTION.syntheticTests, 'synthetic'],
      [gamma.tests.performance, ACTION.performanceTests, 'performance'],
      [gamma.tests.resilience, ACTION.resilienceTests, 'resilience'],
      [gamma.tests.dast, ACTION.dast, 'dast'],
    ];
    for (const [enabled, action, suite] of gammaSuites) {
      if (enabled)
        gammaActions.push(
          testAction(action, suite, 'gamma', gamma.regions[0], 3, gammaTests),
        );
    }
    stages.push({
      name: STAGE.gamma,
      actions: gammaActions,
      onSuccess: bakeCondition(s.production, gammaAlarms, oneBoxBake),
      rollbackOnFailure: true,
    });

    // ---- Approval --------------------------------------------------------------------------
    if (s.approval.enabled) {
      stages.push(
        tc.manualApprovalStage(
          s.approval.comment ?? `Approve ${name} for production`,
        ),
      );
    }

    // ---- Production waves --------------------------------------------------------------------
    s.production.waves.forEach((wave, i) => {
      const waveAlarms = wave.regions.map(r => alarms('prod', r, wave.oneBox));
      const bake =
        wave.bake ??
        (i === 0 ? s.production.bake.firstWave : s.production.bake.laterWaves);
      const actions: PipelineActionModel[] = [];
      for (const r of waveAlarms) {
        if (wave.oneBox) actions.push(oneBoxAction('prod', r, oneBoxBake));
        actions.push(deployAction('prod', r.region, 2));
      }
      stages.push({
        name: STAGE.prodWave(i + 1),
        actions,
        beforeEntry: entryCondition(s.production, waveAlarms),
        onSuccess: bakeCondition(
          s.production,
          waveAlarms,
          durationMinutes(bake),
        ),
        rollbackOnFailure: s.production.rollbackOnAlarm,
      });
    });

    tc.pipeline(stages, {
      crossAccountRoleArns: (['beta', 'gamma', 'prod'] as const).map(
        deployRoleArn,
      ),
      extraBuildStatements: [
        {
          Sid: 'OneBoxDeploy',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [deployRoleArn('gamma'), deployRoleArn('prod')],
        },
        {
          Sid: 'OneBoxBakeAlarms',
          Effect: 'Allow',
          Action: 'cloudwatch:DescribeAlarms',
          Resource: '*',
        },
        ...(securityHub
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
}

/** Adds the stacks of an AppPipeline to `app`; returns their names. @public */
export function addAppPipelineStacks(
  app: App,
  spec: AppPipelineSpec,
): string[] {
  const name = spec.metadata.name;
  const s = spec.spec;
  const stacks = [`${name}-toolchain`];
  new AppToolchainStack(app, `${name}-toolchain`, { spec });
  const envs: Array<[EnvironmentName, string, string]> = [
    ['beta', s.environments.beta.account, s.environments.beta.region],
    ['gamma', s.environments.gamma.account, s.environments.gamma.regions[0]],
    ['prod', s.production.account, s.production.waves[0].regions[0]],
  ];
  for (const [env, account, region] of envs) {
    const id = environmentStackName(name, env);
    new AppEnvironmentStack(app, id, {
      spec,
      environment: env,
      account,
      region,
    });
    stacks.push(id);
  }
  return stacks;
}
