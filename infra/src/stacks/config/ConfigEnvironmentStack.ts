import type { App } from 'cdktf';
import { AppconfigApplication } from '@cdktf/provider-aws/lib/appconfig-application';
import { AppconfigConfigurationProfile } from '@cdktf/provider-aws/lib/appconfig-configuration-profile';
import { AppconfigDeploymentStrategy } from '@cdktf/provider-aws/lib/appconfig-deployment-strategy';
import { AppconfigEnvironment } from '@cdktf/provider-aws/lib/appconfig-environment';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ROLE, TAG, type EnvironmentName } from '@dpra/pipeline-contract';
import type { ConfigPipelineSpec } from '../../spec/schema';
import { durationMinutes } from '../../spec/scalars';
import { DpraStack, pipelineTags } from '../DpraStack';
import { ServiceAlarms } from '../ServiceAlarms';
import { allow, policyDocument, serviceTrust } from '../iamPolicy';
import {
  appConfigApplicationName,
  appConfigEnvironmentName,
  appConfigStrategyName,
  configEnvironments,
  configProfiles,
} from './configNames';

/** Props of {@link ConfigEnvironmentStack}. @public */
export interface ConfigEnvironmentStackProps {
  readonly spec: ConfigPipelineSpec;
  readonly environment: EnvironmentName;
}

/**
 * One environment account of a configuration pipeline: in each of its regions the AppConfig
 * application, the environment (watching the generated high-severity alarm and the spec's extra
 * alarms, so AppConfig rolls back by itself), the profiles (with the JSON Schema validator) and the
 * stage's deployment strategy; the alarms themselves (AppConfig reads alarms in its own account);
 * the role AppConfig reads them with; and the deploy role the toolchain's CodeBuild assumes, allowed
 * to deploy exactly these profiles to exactly this environment.
 *
 * @public
 */
export class ConfigEnvironmentStack extends DpraStack {
  constructor(scope: App, id: string, props: ConfigEnvironmentStackProps) {
    const env = props.environment;
    const target = configEnvironments(props.spec)[env];
    super(scope, id, {
      account: target.account,
      region: target.regions[0],
      regions: target.regions,
      tags: { ...pipelineTags(props.spec.metadata), [TAG.environment]: env },
    });
    const s = props.spec.spec;
    const name = props.spec.metadata.name;
    const toolchainAccount = s.toolchain.account;
    const arn = (service: string, region: string, resource: string) =>
      `arn:${this.partition}:${service}:${region}:${target.account}:${resource}`;

    const monitorRole = new IamRole(this, 'monitor-role', {
      name: ROLE.appConfigMonitor(name),
      description: `AppConfig reads the alarms of ${name} (${env}) with it`,
      assumeRolePolicy: serviceTrust('appconfig.amazonaws.com'),
    });
    new IamRolePolicy(this, 'monitor-policy', {
      role: monitorRole.id,
      name: 'read-alarms',
      policy: policyDocument([
        allow('ReadAlarms', 'cloudwatch:DescribeAlarms', '*'),
      ]),
    });

    const deployable: string[] = [];
    for (const region of target.regions) {
      const provider = this.provider(region);
      const alarms = new ServiceAlarms(this, `alarms-${region}`, {
        provider,
        pipeline: name,
        environment: env,
        region,
        monitoring: s.monitoring,
      });
      const application = new AppconfigApplication(this, `app-${region}`, {
        provider,
        name: appConfigApplicationName(name),
        description: props.spec.metadata.description,
      });
      const environment = new AppconfigEnvironment(this, `env-${region}`, {
        provider,
        applicationId: application.id,
        name: appConfigEnvironmentName(env),
        monitor: [alarms.highSeverityAlarmName, ...target.alarms].map(
          alarm => ({
            alarmArn: arn('cloudwatch', region, `alarm:${alarm}`),
            alarmRoleArn: monitorRole.arn,
          }),
        ),
        // AppConfig checks that every monitored alarm exists when the environment is created or
        // updated: the generated one is created first (the spec's own alarms exist already).
        dependsOn: [monitorRole, alarms.highSeverityAlarm],
      });
      const strategy = new AppconfigDeploymentStrategy(
        this,
        `strategy-${region}`,
        {
          provider,
          name: appConfigStrategyName(name, env),
          growthType: target.strategy.growthType,
          growthFactor: target.strategy.growthFactor,
          deploymentDurationInMinutes: durationMinutes(
            target.strategy.deploymentDuration,
          ),
          finalBakeTimeInMinutes: durationMinutes(target.strategy.finalBake),
          replicateTo: 'NONE',
        },
      );
      deployable.push(
        arn('appconfig', region, `deploymentstrategy/${strategy.id}`),
        arn('appconfig', region, `application/${application.id}`),
        arn(
          'appconfig',
          region,
          `application/${application.id}/environment/${environment.environmentId}`,
        ),
        arn(
          'appconfig',
          region,
          `application/${application.id}/environment/${environment.environmentId}/deployment/*`,
        ),
      );
      for (const profile of configProfiles(props.spec)) {
        const p = new AppconfigConfigurationProfile(
          this,
          `profile-${profile.name}-${region}`,
          {
            provider,
            applicationId: application.id,
            name: profile.name,
            type: profile.type,
            locationUri: 'hosted',
            validator: profile.jsonSchema
              ? [
                  {
                    type: 'JSON_SCHEMA',
                    content: JSON.stringify(profile.jsonSchema),
                  },
                ]
              : undefined,
          },
        );
        deployable.push(
          arn(
            'appconfig',
            region,
            `application/${application.id}/configurationprofile/${p.configurationProfileId}`,
          ),
        );
      }
    }

    const toolchainRole = (role: string) =>
      `arn:${this.partition}:iam::${toolchainAccount}:role/${role}`;
    const deployRole = new IamRole(this, 'deploy-role', {
      name: ROLE.deploy(name),
      description: `Assumed by pipeline ${name} in ${toolchainAccount} to deploy configuration to ${env}`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: {
            AWS: `arn:${this.partition}:iam::${toolchainAccount}:root`,
          },
          Action: 'sts:AssumeRole',
          // Only the pipeline's CodeBuild role runs the deploy action (see AppEnvironmentStack).
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': toolchainRole(`${name}-codebuild`),
            },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'deploy-policy', {
      role: deployRole.id,
      name: 'deploy-configuration',
      policy: policyDocument([
        // The List calls find the ids by name; AppConfig does not scope them to a resource.
        allow(
          'FindByName',
          [
            'appconfig:ListApplications',
            'appconfig:ListEnvironments',
            'appconfig:ListConfigurationProfiles',
            'appconfig:ListDeploymentStrategies',
          ],
          '*',
        ),
        allow(
          'Deploy',
          [
            'appconfig:CreateHostedConfigurationVersion',
            'appconfig:StartDeployment',
            'appconfig:GetDeployment',
          ],
          deployable,
        ),
      ]),
    });
  }
}
