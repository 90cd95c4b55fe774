import { ALARM, parseWaveActionName } from '@dpra/pipeline-contract';
import { minimalConfigSpec } from '../../testing/specs';
import {
  onlyResource,
  resources,
  stage,
  synthJson,
} from '../../testing/synthJson';

const NAME = 'orders-config';

function spec(mutate: (s: any) => void = () => {}) {
  const s = minimalConfigSpec();
  mutate(s);
  return s;
}

const envVars = (action: any): Record<string, string> =>
  Object.fromEntries(
    JSON.parse(action.configuration.EnvironmentVariables).map((v: any) => [
      v.name,
      v.value,
    ]),
  );

describe('ConfigPipeline stacks', () => {
  describe('GIVEN both profiles, a JSON Schema and an extra production alarm', () => {
    let stacks: Record<string, any>;
    let pipeline: any;
    beforeAll(async () => {
      stacks = await synthJson(
        spec(s => {
          s.spec.profiles.operational = {
            path: 'config/{environment}/operational.json',
            jsonSchema: { type: 'object', required: ['logLevel'] },
          };
          s.spec.production.alarms = ['orders-checkout-errors'];
          s.spec.production.strategy = { growthType: 'EXPONENTIAL' };
        }),
      );
      pipeline = onlyResource(stacks[`${NAME}-toolchain`], 'aws_codepipeline');
    }, 120_000);

    it('THEN the toolchain comes first, then one stack per environment account', () => {
      expect(Object.keys(stacks).sort()).toEqual(
        [
          `${NAME}-beta`,
          `${NAME}-gamma`,
          `${NAME}-prod`,
          `${NAME}-toolchain`,
        ].sort(),
      );
    });

    it('THEN every region of every stage deploys the flags, then the operational configuration, from its environment file', () => {
      for (const [stageName, env, regions] of [
        ['Beta', 'beta', ['us-east-1']],
        ['Gamma', 'gamma', ['us-east-1', 'us-west-2']],
        ['Prod-Wave2', 'prod', ['us-west-2', 'eu-west-1']],
      ] as const) {
        const deploys = stage(pipeline, stageName).action.filter(
          (a: any) => parseWaveActionName(a.name) !== undefined,
        );
        expect(
          deploys.map((a: any) => [
            a.name,
            a.run_order,
            envVars(a).CONFIG_PATH,
          ]),
        ).toEqual(
          regions.flatMap(r => [
            [`DeployFlags-${r}`, 1, `config/${env}/feature-flags.json`],
            [`DeployConfig-${r}`, 2, `config/${env}/operational.json`],
          ]),
        );
        for (const a of deploys) {
          const vars = envVars(a);
          expect(vars).toMatchObject({
            APPCONFIG_APPLICATION: NAME,
            APPCONFIG_ENVIRONMENT: env,
            APPCONFIG_STRATEGY: `${NAME}-${env}`,
            CONTENT_TYPE: 'application/json',
            TARGET_REGION: parseWaveActionName(a.name)!.target,
          });
          expect(vars.DEPLOY_ROLE_ARN).toMatch(
            new RegExp(`:iam::\\d{12}:role/${NAME}-deploy$`),
          );
        }
      }
    });

    it('THEN each production region has an AppConfig environment watching its high-severity alarm and the extra alarm', () => {
      const prod = stacks[`${NAME}-prod`];
      const envs = resources(prod, 'aws_appconfig_environment');
      expect(envs).toHaveLength(3);
      const eu = envs.find((e: any) => e.provider === 'aws.eu-west-1');
      expect(eu.name).toBe('prod');
      expect(
        eu.monitor.map((m: any) => m.alarm_arn.split(':alarm:')[1]),
      ).toEqual([
        ALARM.highSeverity(NAME, 'prod', 'eu-west-1'),
        'orders-checkout-errors',
      ]);
      // AppConfig refuses an environment whose monitored alarm does not exist yet.
      const composites = prod.resource.aws_cloudwatch_composite_alarm as Record<
        string,
        { alarm_name: string; provider?: string }
      >;
      const [euAlarm] = Object.entries(composites).filter(
        ([, a]) =>
          a.alarm_name === ALARM.highSeverity(NAME, 'prod', 'eu-west-1'),
      );
      expect(euAlarm).toBeDefined();
      expect(eu.depends_on).toContain(
        `aws_cloudwatch_composite_alarm.${euAlarm[0]}`,
      );
    });

    it('THEN the strategy and the profiles follow the spec', () => {
      const prod = stacks[`${NAME}-prod`];
      const strategy = resources(prod, 'aws_appconfig_deployment_strategy')[0];
      expect(strategy).toMatchObject({
        name: `${NAME}-prod`,
        growth_type: 'EXPONENTIAL',
        growth_factor: 20,
        deployment_duration_in_minutes: 30,
        final_bake_time_in_minutes: 60,
      });
      const beta = resources(
        stacks[`${NAME}-beta`],
        'aws_appconfig_deployment_strategy',
      )[0];
      expect(beta).toMatchObject({
        deployment_duration_in_minutes: 0,
        final_bake_time_in_minutes: 10,
      });
      const profiles = resources(
        stacks[`${NAME}-gamma`],
        'aws_appconfig_configuration_profile',
      ).filter((p: any) => p.provider === 'aws.us-west-2');
      expect(
        profiles.map((p: any) => [p.name, p.type, p.validator?.[0]?.type]),
      ).toEqual([
        ['feature-flags', 'AWS.AppConfig.FeatureFlags', undefined],
        ['operational', 'AWS.Freeform', 'JSON_SCHEMA'],
      ]);
      expect(JSON.parse(profiles[1].validator[0].content)).toEqual({
        type: 'object',
        required: ['logLevel'],
      });
    });

    it("THEN the deploy role trusts only the pipeline's CodeBuild role and may deploy only this pipeline's AppConfig resources", () => {
      const prod = stacks[`${NAME}-prod`];
      const role = resources(prod, 'aws_iam_role').find(
        (r: any) => r.name === `${NAME}-deploy`,
      );
      const trust = JSON.parse(role.assume_role_policy);
      expect(trust.Statement[0].Condition.ArnEquals['aws:PrincipalArn']).toBe(
        `arn:\${data.aws_partition.partition.partition}:iam::111111111111:role/${NAME}-codebuild`,
      );
      const policy = resources(prod, 'aws_iam_role_policy').find(
        (p: any) => p.name === 'deploy-configuration',
      );
      const deploy = JSON.parse(policy.policy).Statement.find(
        (st: any) => st.Sid === 'Deploy',
      );
      expect(deploy.Action).toEqual([
        'appconfig:CreateHostedConfigurationVersion',
        'appconfig:StartDeployment',
        'appconfig:GetDeployment',
      ]);
      expect(deploy.Resource.length).toBeGreaterThan(0);
      for (const arn of deploy.Resource) {
        expect(arn).toMatch(
          /^arn:\$\{data\.aws_partition\.partition\.partition\}:appconfig:[a-z0-9-]+:444444444444:(deploymentstrategy|application)\/\$\{aws_appconfig_/,
        );
      }
    });

    it('THEN production waves enter inside the window and without alarms, bake watching their alarms, and roll back', () => {
      const wave = stage(pipeline, 'Prod-Wave1');
      expect(
        wave.before_entry.condition.rule.map((r: any) => [
          r.name,
          r.configuration.AlarmName,
        ]),
      ).toEqual([
        ['DeploymentWindow', undefined],
        [
          'AlarmBlocker-us-east-1',
          ALARM.highSeverity(NAME, 'prod', 'us-east-1'),
        ],
      ]);
      expect(wave.on_success.condition.rule[0].configuration).toMatchObject({
        AlarmName: ALARM.highSeverity(NAME, 'prod', 'us-east-1'),
        WaitTime: '720',
      });
      expect(wave.on_failure.result).toBe('ROLLBACK');
    });
  });

  it('GIVEN only operational configuration in YAML THEN only DeployConfig actions run, with the YAML content type', async () => {
    const stacks = await synthJson(
      spec(s => {
        s.spec.profiles = { operational: {} };
      }),
    );
    const pipeline = onlyResource(
      stacks[`${NAME}-toolchain`],
      'aws_codepipeline',
    );
    const beta = stage(pipeline, 'Beta').action;
    expect(beta.map((a: any) => [a.name, a.run_order])).toEqual([
      ['DeployConfig-us-east-1', 1],
      ['IntegrationTests', 2],
      ['AcceptanceTests', 2],
    ]);
    expect(envVars(beta[0]).CONTENT_TYPE).toBe('application/x-yaml');
  }, 120_000);
});
