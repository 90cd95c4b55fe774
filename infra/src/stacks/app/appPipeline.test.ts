import {
  FINDINGS_STAMP_VARIABLE,
  findingsStampVariables,
  readCodeBuildEnvironmentVariables,
  waiverTagKey,
} from '@dpra/pipeline-contract';
import { parse } from 'yaml';
import { minimalAppSpec } from '../../testing/specs';
import { validateSpec } from '../../spec/validate';
import {
  onlyResource,
  resources,
  stage,
  synthJson,
} from '../../testing/synthJson';

const TOOLCHAIN = 'orders-service-toolchain';

function spec(mutate: (s: any) => void = () => {}) {
  const s = minimalAppSpec();
  mutate(s);
  return s;
}

async function pipelineOf(input: unknown) {
  const stacks = await synthJson(input);
  return {
    stacks,
    pipeline: onlyResource(stacks[TOOLCHAIN], 'aws_codepipeline'),
  };
}

describe('AppPipeline stacks', () => {
  describe('GIVEN a minimal AppPipeline spec', () => {
    let stacks: Record<string, any>;
    let pipeline: any;
    beforeAll(async () => {
      ({ stacks, pipeline } = await pipelineOf(spec()));
    });

    it('WHEN synthesized THEN there is a toolchain stack and one stack per environment account', () => {
      expect(Object.keys(stacks)).toEqual([
        TOOLCHAIN,
        'orders-service-beta',
        'orders-service-gamma',
        'orders-service-prod',
      ]);
      expect(stacks[TOOLCHAIN].provider.aws[0]).toMatchObject({
        region: 'us-east-1',
        allowed_account_ids: ['111111111111'],
      });
      expect(
        stacks['orders-service-prod'].provider.aws[0].allowed_account_ids,
      ).toEqual(['444444444444']);
    });

    it('THEN every stack has a relative local backend and a provider range that includes 5.100', () => {
      for (const s of Object.values(stacks)) {
        expect(s.terraform.backend).toEqual({
          local: { path: 'terraform.tfstate' },
        });
        expect(s.terraform.required_providers.aws.version).toBe(
          '>= 5.100.0, < 6.0.0',
        );
      }
    });

    it('THEN the pipeline is a V2 pipeline with the DPRA stages in order', () => {
      expect(pipeline.pipeline_type).toBe('V2');
      expect(pipeline.stage.map((s: any) => s.name)).toEqual([
        'Source',
        'Build',
        'Beta',
        'Gamma',
        'Approval',
        'Prod-Wave1',
        'Prod-Wave2',
      ]);
    });

    it('THEN the source is a CodeConnections (GitHub) action triggered by pushes to the trunk only', () => {
      const source = stage(pipeline, 'Source').action[0];
      expect(source).toMatchObject({
        name: 'Source',
        provider: 'CodeStarSourceConnection',
        output_artifacts: ['SourceOutput'],
      });
      expect(source.configuration).toMatchObject({
        FullRepositoryId: 'example-org/orders-service',
        BranchName: 'main',
      });
      expect(
        onlyResource(stacks[TOOLCHAIN], 'aws_codestarconnections_connection'),
      ).toMatchObject({ provider_type: 'GitHub' });
      expect(
        pipeline.trigger[0].git_configuration.push[0].branches.includes,
      ).toEqual(['main']);
    });

    it('THEN the Build stage runs every required check as its own action', () => {
      expect(stage(pipeline, 'Build').action.map((a: any) => a.name)).toEqual([
        'Build',
        'UnitTests',
        'CodeQuality',
        'SAST',
        'SCA',
        'SBOM',
        'SecretsScan',
        'IaCScan',
      ]);
    });

    it('THEN unit tests publish JUnit results to a CodeBuild report group', () => {
      const group = resources(
        stacks[TOOLCHAIN],
        'aws_codebuild_report_group',
      ).find(g => g.name === 'orders-service-unit-tests');
      expect(group).toMatchObject({ type: 'TEST' });
      const project = resources(
        stacks[TOOLCHAIN],
        'aws_codebuild_project',
      ).find(p => p.name === 'orders-service-unit-tests');
      const buildspec = parse(project.source.buildspec);
      const [reportKey] = Object.keys(buildspec.reports);
      expect(reportKey).toMatch(/^\$\{aws_codebuild_report_group\..+\.arn\}$/);
      expect(buildspec.reports[reportKey]).toEqual({
        files: ['reports/junit.xml'],
        'file-format': 'JUNITXML',
      });
    });

    it('THEN SCA and IaC scan import their findings into Security Hub as ASFF', () => {
      const projects = resources(stacks[TOOLCHAIN], 'aws_codebuild_project');
      for (const name of ['orders-service-sca', 'orders-service-iac-scan']) {
        const buildspec = parse(
          projects.find(p => p.name === name).source.buildspec,
        );
        expect(buildspec.phases.post_build.commands.join('\n')).toContain(
          'aws securityhub batch-import-findings',
        );
      }
      const buildPolicy = resources(
        stacks[TOOLCHAIN],
        'aws_iam_role_policy',
      ).find(p => p.name === 'codebuild');
      expect(buildPolicy.policy).toContain('securityhub:BatchImportFindings');
    });

    it('THEN the importing actions, and only they, carry the findings stamp: pipeline, action and the run id CodePipeline resolves', () => {
      const build = stage(pipeline, 'Build');
      const stamps = Object.fromEntries(
        build.action.map((a: any) => [
          a.name,
          readCodeBuildEnvironmentVariables(a.configuration),
        ]),
      );
      expect(stamps.SCA).toEqual(findingsStampVariables(pipeline.name, 'SCA'));
      expect(stamps.IaCScan).toEqual(
        findingsStampVariables(pipeline.name, 'IaCScan'),
      );
      expect(stamps.SCA[FINDINGS_STAMP_VARIABLE.executionId]).toBe(
        '#{codepipeline.PipelineExecutionId}',
      );
      for (const name of ['Build', 'UnitTests', 'SBOM', 'SecretsScan']) {
        expect(stamps[name]).toEqual({});
      }
    });

    it('THEN Beta deploys one region cross-account and then runs integration and acceptance tests', () => {
      const beta = stage(pipeline, 'Beta');
      expect(beta.action.map((a: any) => [a.name, a.run_order])).toEqual([
        ['Deploy-us-east-1', 1],
        ['IntegrationTests', 2],
        ['AcceptanceTests', 2],
      ]);
      expect(beta.action[0]).toMatchObject({
        provider: 'CloudFormation',
        region: 'us-east-1',
        role_arn: expect.stringMatching(
          /:iam::222222222222:role\/orders-service-deploy$/,
        ),
      });
      expect(beta.on_failure).toEqual({ result: 'ROLLBACK' });
    });

    it('THEN Gamma deploys a one-box before the full deploy in each region, then runs its tests', () => {
      const gamma = stage(pipeline, 'Gamma');
      expect(
        gamma.action
          .filter((a: any) => a.region)
          .map((a: any) => [a.name, a.run_order]),
      ).toEqual([
        ['OneBox-us-east-1', 1],
        ['Deploy-us-east-1', 2],
        ['OneBox-us-west-2', 1],
        ['Deploy-us-west-2', 2],
      ]);
      expect(
        gamma.action.filter((a: any) => !a.region).map((a: any) => a.name),
      ).toEqual(['IntegrationTests', 'AcceptanceTests', 'SyntheticTests']);
    });

    it('THEN a manual approval with an SNS notification precedes production', () => {
      const approval = stage(pipeline, 'Approval').action[0];
      expect(approval).toMatchObject({
        name: 'ManualApproval',
        category: 'Approval',
        provider: 'Manual',
      });
      expect(approval.configuration.NotificationArn).toMatch(
        /^\$\{aws_sns_topic\..+\.arn\}$/,
      );
    });

    it('THEN every production deploy action has its region, one-box first by run order', () => {
      const wave2 = stage(pipeline, 'Prod-Wave2');
      expect(
        wave2.action.map((a: any) => [a.name, a.run_order, a.region]),
      ).toEqual([
        ['OneBox-us-west-2', 1, 'us-west-2'],
        ['Deploy-us-west-2', 2, 'us-west-2'],
        ['OneBox-eu-west-1', 1, 'eu-west-1'],
        ['Deploy-eu-west-1', 2, 'eu-west-1'],
      ]);
    });

    it('THEN production stages are entered only inside the window and with no alarm firing', () => {
      const entry = stage(pipeline, 'Prod-Wave2').before_entry.condition;
      expect(entry.result).toBe('FAIL');
      expect(entry.rule[0]).toEqual({
        name: 'DeploymentWindow',
        rule_type_id: {
          category: 'Rule',
          owner: 'AWS',
          provider: 'DeploymentWindow',
          version: '1',
        },
        configuration: { Cron: '* * 9-16 ? * MON-THU *', TimeZone: 'UTC' },
      });
      expect(
        entry.rule
          .slice(1)
          .map((r: any) => [r.name, r.region, r.configuration]),
      ).toEqual([
        [
          'AlarmBlocker-us-west-2',
          'us-west-2',
          {
            AlarmName: 'orders-service-prod-us-west-2-high-severity',
            AlarmStates: 'ALARM',
          },
        ],
        [
          'AlarmBlocker-eu-west-1',
          'eu-west-1',
          {
            AlarmName: 'orders-service-prod-eu-west-1-high-severity',
            AlarmStates: 'ALARM',
          },
        ],
      ]);
    });

    it('THEN each wave bakes (12 h after the first, 3 h after later ones) watching its alarms, and rolls back', () => {
      const bake = (name: string) => stage(pipeline, name).on_success.condition;
      expect(bake('Prod-Wave1')).toMatchObject({ result: 'ROLLBACK' });
      expect(bake('Prod-Wave1').rule[0]).toMatchObject({
        name: 'Bake-us-east-1',
        region: 'us-east-1',
        rule_type_id: { provider: 'CloudWatchAlarm' },
        configuration: {
          // The one-box composite ORs the service's high-severity alarm with the one-box alarms.
          AlarmName: 'orders-service-prod-us-east-1-onebox-high-severity',
          AlarmStates: 'ALARM',
          WaitTime: '720',
        },
      });
      expect(
        bake('Prod-Wave2').rule.map((r: any) => r.configuration.WaitTime),
      ).toEqual(['180', '180']);
      expect(stage(pipeline, 'Prod-Wave1').on_failure).toEqual({
        result: 'ROLLBACK',
      });
    });

    it('THEN the one-box step bakes for an hour watching the one-box alarm', () => {
      const oneBox = stage(pipeline, 'Prod-Wave1').action[0];
      const env = Object.fromEntries(
        JSON.parse(oneBox.configuration.EnvironmentVariables).map((v: any) => [
          v.name,
          v.value,
        ]),
      );
      expect(env).toMatchObject({
        BAKE_MINUTES: '60',
        ONEBOX_ALARM: 'orders-service-prod-us-east-1-onebox-high-severity',
        STACK_NAME: 'orders-service-prod-onebox',
      });
      const projects = resources(
        stacks[TOOLCHAIN],
        'aws_codebuild_project',
      ).filter(p => p.name === 'orders-service-onebox');
      // One project per one-box region: an action with `region` runs a project in that region.
      expect(projects.map(p => p.provider).sort()).toEqual([
        'aws',
        'aws.eu-west-1',
        'aws.us-west-2',
      ]);
    });

    it('THEN alarms for fault rate and latency p50/p90/p99 read the environment account and are OR-ed into a composite', () => {
      const alarms = resources(
        stacks[TOOLCHAIN],
        'aws_cloudwatch_metric_alarm',
      );
      const eu = alarms.filter(a =>
        a.alarm_name.startsWith('orders-service-prod-eu-west-1-'),
      );
      expect(eu.map(a => a.alarm_name).sort()).toEqual([
        'orders-service-prod-eu-west-1-fault-rate',
        'orders-service-prod-eu-west-1-latency-p50',
        'orders-service-prod-eu-west-1-latency-p90',
        'orders-service-prod-eu-west-1-latency-p99',
        'orders-service-prod-eu-west-1-onebox-fault-rate',
      ]);
      const faultRate = eu.find(
        a =>
          a.alarm_name.endsWith('-fault-rate') &&
          !a.alarm_name.includes('onebox'),
      );
      expect(faultRate.provider).toBe('aws.eu-west-1');
      expect(
        faultRate.metric_query
          .filter((q: any) => q.metric)
          .every((q: any) => q.account_id === '444444444444'),
      ).toBe(true);
      const composite = resources(
        stacks[TOOLCHAIN],
        'aws_cloudwatch_composite_alarm',
      ).find(
        a => a.alarm_name === 'orders-service-prod-eu-west-1-high-severity',
      );
      expect(composite.alarm_rule).toBe(
        'ALARM("orders-service-prod-eu-west-1-fault-rate") OR ALARM("orders-service-prod-eu-west-1-latency-p50") OR ALARM("orders-service-prod-eu-west-1-latency-p90") OR ALARM("orders-service-prod-eu-west-1-latency-p99")',
      );
    });

    it('THEN artifact stores exist per action region, encrypted with KMS', () => {
      expect(pipeline.artifact_store.map((s: any) => s.region).sort()).toEqual([
        'eu-west-1',
        'us-east-1',
        'us-west-2',
      ]);
      expect(
        pipeline.artifact_store.every(
          (s: any) => s.encryption_key.type === 'KMS',
        ),
      ).toBe(true);
    });

    it('THEN pipeline, stage and action state changes go to an SQS queue through EventBridge', () => {
      const rule = onlyResource(stacks[TOOLCHAIN], 'aws_cloudwatch_event_rule');
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ['aws.codepipeline'],
        'detail-type': [
          'CodePipeline Pipeline Execution State Change',
          'CodePipeline Stage Execution State Change',
          'CodePipeline Action Execution State Change',
        ],
        detail: { pipeline: ['orders-service'] },
      });
      expect(
        onlyResource(stacks[TOOLCHAIN], 'aws_cloudwatch_event_target').arn,
      ).toMatch(/^\$\{aws_sqs_queue\..+\.arn\}$/);
    });

    it('THEN each environment has a deploy role only the toolchain pipeline and CodeBuild roles can assume', () => {
      const roles = resources(stacks['orders-service-gamma'], 'aws_iam_role');
      const deploy = roles.find(r => r.name === 'orders-service-deploy');
      const trust = JSON.parse(deploy.assume_role_policy);
      expect(
        trust.Statement[0].Condition.ArnEquals['aws:PrincipalArn'],
      ).toEqual([
        expect.stringMatching(
          /:iam::111111111111:role\/orders-service-pipeline$/,
        ),
        expect.stringMatching(
          /:iam::111111111111:role\/orders-service-codebuild$/,
        ),
      ]);
      expect(roles.map(r => r.name).sort()).toEqual([
        'orders-service-cfn-exec',
        'orders-service-deploy',
      ]);
    });

    it("THEN the pipeline role may only start this pipeline's builds and assume its deploy roles", () => {
      const policy = JSON.parse(
        resources(stacks[TOOLCHAIN], 'aws_iam_role_policy').find(
          p => p.name === 'pipeline',
        ).policy,
      );
      const byId = Object.fromEntries(
        policy.Statement.map((s: any) => [s.Sid, s]),
      );
      expect(byId.Builds.Resource).toMatch(
        /:codebuild:\*:111111111111:project\/orders-service-\*$/,
      );
      expect(byId.CrossAccountDeploy.Resource).toHaveLength(3);
    });
  });

  describe('GIVEN the CloudFormation execution role', () => {
    const execPolicies = (stack: any) => ({
      attached: resources(stack, 'aws_iam_role_policy_attachment').map(
        a => a.policy_arn,
      ),
      inline: resources(stack, 'aws_iam_role_policy')
        .filter(p => p.name !== 'deploy')
        .map(p => ({ name: p.name, policy: JSON.parse(p.policy) })),
    });

    it('WHEN the spec names no policy THEN it gets PowerUserAccess, as the reference says', async () => {
      const { stacks } = await pipelineOf(spec());
      expect(execPolicies(stacks['orders-service-prod'])).toEqual({
        attached: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        inline: [],
      });
    });

    it("WHEN it names the app template's policy THEN only that template's role, function and URL in this environment's stacks are allowed", async () => {
      const { stacks } = await pipelineOf(
        spec(s => (s.spec.deploy = { executionPolicy: 'lambda-function-url' })),
      );
      const { attached, inline } = execPolicies(stacks['orders-service-gamma']);
      expect(attached).toEqual([]);
      expect(inline.map(p => p.name)).toEqual(['lambda-function-url']);
      const statements = inline[0].policy.Statement;
      for (const statement of statements) {
        // Only this environment's stacks' resources: role/… or function:… named after them.
        expect(statement.Resource).toMatch(
          /:333333333333:(role\/|function:)orders-service-gamma\*$/,
        );
        expect(
          [statement.Action]
            .flat()
            .every((a: string) => /^(iam|lambda):/.test(a)),
        ).toBe(true);
      }
      const attach = statements.find(
        (st: any) => st.Sid === 'ServiceRoleBasicExecution',
      );
      expect(attach.Condition.ArnEquals['iam:PolicyARN']).toMatch(
        /:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/,
      );
    });

    it('WHEN it names a policy and managed policies THEN both apply; an empty list alone is refused', async () => {
      const arn = 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess';
      const { stacks } = await pipelineOf(
        spec(
          s =>
            (s.spec.deploy = {
              executionPolicy: 'lambda-function-url',
              executionPolicyArns: [arn],
            }),
        ),
      );
      expect(execPolicies(stacks['orders-service-beta']).attached).toEqual([
        arn,
      ]);
      const result = validateSpec(
        spec(s => (s.spec.deploy = { executionPolicyArns: [] })),
      );
      expect(result.ok ? [] : result.issues).toEqual([
        {
          path: 'spec.deploy.executionPolicyArns',
          message:
            'is empty and no executionPolicy is named: the CloudFormation execution role would have no permissions',
        },
      ]);
    });
  });

  describe('GIVEN production safety overrides', () => {
    it('WHEN a wave sets its own bake THEN that wait time is used', async () => {
      const { pipeline } = await pipelineOf(
        spec(s => (s.spec.production.waves[1].bake = '4h')),
      );
      expect(
        stage(pipeline, 'Prod-Wave2').on_success.condition.rule[0].configuration
          .WaitTime,
      ).toBe('240');
    });

    it('WHEN the deployment window is disabled THEN only alarm blockers guard entry', async () => {
      const { pipeline } = await pipelineOf(
        spec(s => (s.spec.production.deploymentWindow = { enabled: false })),
      );
      const rules = stage(pipeline, 'Prod-Wave1').before_entry.condition.rule;
      expect(rules.map((r: any) => r.name)).toEqual(['AlarmBlocker-us-east-1']);
    });

    it('WHEN organisation blocker alarms are given THEN every production entry checks one composite of them and the service alarm', async () => {
      const { stacks, pipeline } = await pipelineOf(
        spec(s => (s.spec.production.blockerAlarms = ['org-sev1', 'freeze'])),
      );
      const rule = stage(pipeline, 'Prod-Wave1').before_entry.condition.rule[1];
      // AWS documents a single AlarmName per CloudWatchAlarm rule: the blockers are OR-ed into one composite.
      expect(rule.configuration).toEqual({
        AlarmName: 'orders-service-prod-us-east-1-entry-blockers',
        AlarmStates: 'ALARM',
      });
      const composite = resources(
        stacks[TOOLCHAIN],
        'aws_cloudwatch_composite_alarm',
      ).find(
        a => a.alarm_name === 'orders-service-prod-us-east-1-entry-blockers',
      );
      expect(composite.alarm_rule).toBe(
        'ALARM("orders-service-prod-us-east-1-high-severity") OR ALARM("org-sev1") OR ALARM("freeze")',
      );
      expect(
        resources(stacks[TOOLCHAIN], 'aws_cloudwatch_composite_alarm').filter(
          a =>
            a.alarm_name.includes('-gamma-') &&
            a.alarm_name.endsWith('entry-blockers'),
        ),
      ).toHaveLength(0);
    });

    it('WHEN rollback on alarm is off THEN stages fail instead of rolling back', async () => {
      const { pipeline } = await pipelineOf(
        spec(s => (s.spec.production.rollbackOnAlarm = false)),
      );
      const wave = stage(pipeline, 'Prod-Wave1');
      expect(wave.on_success.condition.result).toBe('FAIL');
      expect(wave.on_failure).toBeUndefined();
    });

    it('WHEN a wave turns one-box off THEN it deploys directly and bakes on the service alarm only', async () => {
      const { pipeline } = await pipelineOf(
        spec(s => (s.spec.production.waves[0].oneBox = false)),
      );
      const wave = stage(pipeline, 'Prod-Wave1');
      expect(wave.action.map((a: any) => a.name)).toEqual(['Deploy-us-east-1']);
      expect(wave.on_success.condition.rule[0].configuration.AlarmName).toBe(
        'orders-service-prod-us-east-1-high-severity',
      );
    });

    it('WHEN approval is disabled (continuous deployment) THEN there is no Approval stage', async () => {
      const { pipeline } = await pipelineOf(
        spec(s => {
          s.spec.approval = { enabled: false };
          s.spec.waivers = [
            {
              check: 'approval.enabled',
              reason: 'continuous deployment: every change is behind a flag',
            },
          ];
        }),
      );
      expect(pipeline.stage.map((s: any) => s.name)).not.toContain('Approval');
    });

    it('WHEN recommended gamma tests are switched on THEN their actions appear', async () => {
      const { pipeline } = await pipelineOf(
        spec(
          s =>
            (s.spec.environments.gamma.tests = {
              performance: true,
              resilience: true,
              dast: true,
            }),
        ),
      );
      expect(stage(pipeline, 'Gamma').action.map((a: any) => a.name)).toEqual(
        expect.arrayContaining(['PerformanceTests', 'ResilienceTests', 'DAST']),
      );
    });

    it('WHEN a build check is switched off with its waiver THEN its action and project disappear and the pipeline alone carries the reason', async () => {
      const reason =
        'Semgrep runs in the ${nightly} job (SEC-142), not per commit';
      const { stacks, pipeline } = await pipelineOf(
        spec(s => {
          s.spec.build = { checks: { sast: false } };
          s.spec.waivers = [{ check: 'build.checks.sast', reason }];
        }),
      );
      // Terraform would interpolate ${…}: the reason is escaped, and reaches AWS as written.
      expect(pipeline.tags).toEqual({
        [waiverTagKey('build.checks.sast')]:
          'Semgrep runs in the $${nightly} job (SEC-142), not per commit',
      });
      for (const project of resources(
        stacks[TOOLCHAIN],
        'aws_codebuild_project',
      )) {
        expect(project.tags).toBeUndefined();
      }
      expect(
        stage(pipeline, 'Build').action.map((a: any) => a.name),
      ).not.toContain('SAST');
      expect(
        resources(stacks[TOOLCHAIN], 'aws_codebuild_project').map(p => p.name),
      ).not.toContain('orders-service-sast');
    });
  });

  describe('GIVEN other source providers', () => {
    it('WHEN the source is S3 THEN the source action reads the object and no connection is created', async () => {
      const { stacks, pipeline } = await pipelineOf(
        spec(
          s =>
            (s.spec.source = {
              provider: 'S3',
              bucket: 'my-src-bucket',
              objectKey: 'orders/source.zip',
            }),
        ),
      );
      expect(stage(pipeline, 'Source').action[0]).toMatchObject({
        provider: 'S3',
        configuration: {
          S3Bucket: 'my-src-bucket',
          S3ObjectKey: 'orders/source.zip',
        },
      });
      expect(
        resources(stacks[TOOLCHAIN], 'aws_codestarconnections_connection'),
      ).toHaveLength(0);
      expect(pipeline.trigger).toBeUndefined();
    });

    it('WHEN the source is CodeCommit THEN the repository and branch are used', async () => {
      const { pipeline } = await pipelineOf(
        spec(
          s =>
            (s.spec.source = {
              provider: 'CodeCommit',
              repository: 'orders',
              branch: 'trunk',
            }),
        ),
      );
      expect(stage(pipeline, 'Source').action[0]).toMatchObject({
        provider: 'CodeCommit',
        configuration: { RepositoryName: 'orders', BranchName: 'trunk' },
      });
    });

    it('WHEN a connection ARN is given THEN it is used instead of creating a connection', async () => {
      const arn =
        'arn:aws:codeconnections:us-east-1:111111111111:connection/abcd-1234';
      const { stacks, pipeline } = await pipelineOf(
        spec(s => (s.spec.source.connectionArn = arn)),
      );
      expect(
        stage(pipeline, 'Source').action[0].configuration.ConnectionArn,
      ).toBe(arn);
      expect(
        resources(stacks[TOOLCHAIN], 'aws_codestarconnections_connection'),
      ).toHaveLength(0);
    });
  });
});
