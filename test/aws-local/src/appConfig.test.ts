import {
  AppConfigClient,
  GetDeploymentCommand,
  ListApplicationsCommand,
  ListDeploymentStrategiesCommand,
  ListDeploymentsCommand,
  ListEnvironmentsCommand,
  ListHostedConfigurationVersionsCommand,
  ListConfigurationProfilesCommand,
} from '@aws-sdk/client-appconfig';
import { growthPercentage } from './scenario/appConfigDeployments';
import {
  LOCAL_TEST_CREDENTIALS,
  withExampleScenarioServer,
} from './testing/withExampleScenarioServer';

const aws = withExampleScenarioServer({
  now: () => new Date('2026-11-23T15:00:00Z'),
});
const client = (region: string) =>
  new AppConfigClient({
    region,
    credentials: LOCAL_TEST_CREDENTIALS,
    maxAttempts: 1,
  });

async function environmentOf(region: string, name: string) {
  const c = client(region);
  const apps = await c.send(new ListApplicationsCommand({}));
  const app = apps.Items!.find(a => a.Name === 'orders-config')!;
  const envs = await c.send(
    new ListEnvironmentsCommand({ ApplicationId: app.Id! }),
  );
  return { c, app, env: envs.Items!.find(e => e.Name === name)! };
}

describe('AWS AppConfig of the example world', () => {
  it('holds the application, environments, profiles and strategies dynamic-config.yaml synthesizes', async () => {
    const { c, app, env } = await environmentOf('us-east-1', 'prod');
    expect(app.Description).toBe(
      'Feature flags and operational configuration of the orders service',
    );
    expect(env.Monitors?.map(m => m.AlarmArn)).toEqual([
      'arn:aws:cloudwatch:us-east-1:444444444444:alarm:orders-config-prod-us-east-1-high-severity',
      'arn:aws:cloudwatch:us-east-1:444444444444:alarm:orders-checkout-errors',
    ]);
    const profiles = await c.send(
      new ListConfigurationProfilesCommand({ ApplicationId: app.Id! }),
    );
    expect(profiles.Items?.map(p => [p.Name, p.Type])).toEqual([
      ['feature-flags', 'AWS.AppConfig.FeatureFlags'],
      ['operational', 'AWS.Freeform'],
    ]);
    const strategies = await c.send(new ListDeploymentStrategiesCommand({}));
    expect(
      strategies.Items?.find(s => s.Name === 'orders-config-prod'),
    ).toMatchObject({
      GrowthType: 'LINEAR',
      GrowthFactor: 20,
      DeploymentDurationInMinutes: 30,
      FinalBakeTimeInMinutes: 60,
    });
    // eu-west-1 is only a production region of the pipeline.
    const west = await environmentOf('eu-west-1', 'prod');
    expect(west.env.Name).toBe('prod');
  });

  it('shows the production rollout AppConfig rolled back on an alarm, with its event log, and the redeployment after it', async () => {
    const { c, app, env } = await environmentOf('us-east-1', 'prod');
    const list = await c.send(
      new ListDeploymentsCommand({
        ApplicationId: app.Id!,
        EnvironmentId: env.Id!,
        MaxResults: 5,
      }),
    );
    expect(list.NextToken).toBeDefined();
    const rolledBack = list.Items!.find(d => d.State === 'ROLLED_BACK')!;
    expect(rolledBack.ConfigurationName).toBe('feature-flags');
    // Newest first; the pipeline's own rollback redeploys after AppConfig's rollback.
    const numbers = list.Items!.map(d => d.DeploymentNumber!);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(list.Items![0].DeploymentNumber).toBeGreaterThan(
      rolledBack.DeploymentNumber!,
    );
    const detail = await c.send(
      new GetDeploymentCommand({
        ApplicationId: app.Id!,
        EnvironmentId: env.Id!,
        DeploymentNumber: rolledBack.DeploymentNumber!,
      }),
    );
    expect(detail.EventLog?.[0]?.EventType).toBe('ROLLBACK_COMPLETED');
    expect(detail.EventLog?.[1]).toMatchObject({
      EventType: 'ROLLBACK_STARTED',
      TriggeredBy: 'CLOUDWATCH_ALARM',
      Description:
        'Rollback initiated by CloudWatch Alarm: arn:aws:cloudwatch:us-east-1:444444444444:alarm:orders-checkout-errors',
    });
    // The deploy action waited for the deployment: its growth and bake take what the strategy
    // says (30 min in 20% steps, 60 min bake), within the action's run-to-run variation.
    const minutes = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
    expect(
      Math.abs(minutes(detail.StartedAt!, detail.CompletedAt!) - 90),
    ).toBeLessThan(3);
    const steps = detail
      .EventLog!.filter(e => e.EventType === 'PERCENTAGE_UPDATED')
      .map(e => e.OccurredAt!)
      .reverse();
    expect(steps).toHaveLength(5);
    for (let i = 1; i < steps.length; i++) {
      expect(Math.abs(minutes(steps[i - 1], steps[i]) - 6)).toBeLessThan(0.5);
    }
    // The deployment names the commit the pipeline ran, and its version exists.
    const failed = aws.scenario
      .executions('orders-config')
      .find(
        e =>
          e.status === 'Failed' &&
          e.stageRuns.some(r => r.stageName === 'Prod-Wave1'),
      )!;
    expect(detail.Description).toBe(failed.sourceRevision.revisionId);
    const versions = await c.send(
      new ListHostedConfigurationVersionsCommand({
        ApplicationId: app.Id!,
        ConfigurationProfileId: detail.ConfigurationProfileId!,
        MaxResults: 50,
      }),
    );
    // The region's profile lists every account's versions (gamma's and prod's in us-east-1).
    expect(
      versions
        .Items!.filter(
          v => String(v.VersionNumber) === detail.ConfigurationVersion,
        )
        .map(v => v.Description),
    ).toContain(failed.sourceRevision.revisionId);
  });

  it("numbers each account's configuration versions from 1, as AWS numbers a profile's versions in its account", async () => {
    // us-east-1 holds gamma (333333333333) and prod (444444444444) of orders-config.
    const versionsOf = async (name: string) => {
      const { c, app, env } = await environmentOf('us-east-1', name);
      const deployments = [];
      let NextToken: string | undefined;
      do {
        const out = await c.send(
          new ListDeploymentsCommand({
            ApplicationId: app.Id!,
            EnvironmentId: env.Id!,
            MaxResults: 50,
            NextToken,
          }),
        );
        deployments.push(...out.Items!);
        NextToken = out.NextToken;
      } while (NextToken);
      return deployments
        .filter(d => d.ConfigurationName === 'feature-flags')
        .sort((a, b) => a.DeploymentNumber! - b.DeploymentNumber!)
        .map(d => Number(d.ConfigurationVersion));
    };
    for (const environment of ['gamma', 'prod']) {
      const versions = await versionsOf(environment);
      expect(versions.length).toBeGreaterThan(2);
      // Every deployment of the profile stored a new version of its account's profile first.
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it('answers a missing environment as AppConfig does', async () => {
    const { c, app } = await environmentOf('us-east-1', 'prod');
    await expect(
      c.send(
        new ListDeploymentsCommand({
          ApplicationId: app.Id!,
          EnvironmentId: 'nope123',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('growthPercentage', () => {
  it('grows linearly by the factor in equal steps, and exponentially by doubling', () => {
    const linear = {
      growthType: 'LINEAR' as const,
      growthFactor: 20,
      deploymentDurationInMinutes: 30,
    };
    expect(
      [0, 5.9, 6, 18, 24, 30].map(m => growthPercentage(linear, m)),
    ).toEqual([20, 20, 40, 80, 100, 100]);
    const exponential = {
      ...linear,
      growthType: 'EXPONENTIAL' as const,
      growthFactor: 10,
    };
    // 10, 20, 40, 80, 100: five steps of 6 minutes.
    expect(
      [0, 6, 12, 18, 24].map(m => growthPercentage(exponential, m)),
    ).toEqual([10, 20, 40, 80, 100]);
    expect(
      growthPercentage({ ...linear, deploymentDurationInMinutes: 0 }, 0),
    ).toBe(100);
  });
});
