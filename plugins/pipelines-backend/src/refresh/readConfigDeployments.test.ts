import { withExampleScenarioServer } from '@dpra/aws-local/testing';
import { SdkAppConfigDeploymentReader } from '../aws/AppConfigDeploymentReader';
import { AwsTargetPolicy } from '../aws/AwsTarget';
import { createTestAwsClients } from '../testing/awsClients';
import { memoryCacheService } from '../testing/memoryCache';
import {
  configEnvironmentTargets,
  readConfigDeployments,
} from './readConfigDeployments';

const aws = withExampleScenarioServer({
  now: () => new Date('2026-11-23T15:00:00Z'),
});

const definitionOf = (name: string) =>
  aws.scenario.pipelines().find(p => p.name === name)!.declaration as any;

describe('readConfigDeployments against the local AppConfig world', () => {
  it('finds the environments from the deploy actions and reads the production rollback by alarm', async () => {
    const definition = definitionOf('orders-config');
    expect(
      configEnvironmentTargets(definition).map(
        e => `${e.environment}@${e.target.accountId}/${e.target.region}`,
      ),
    ).toEqual([
      'beta@222222222222/us-east-1',
      'gamma@333333333333/us-east-1',
      'gamma@333333333333/us-west-2',
      'prod@444444444444/us-east-1',
      'prod@444444444444/us-west-2',
      'prod@444444444444/eu-west-1',
    ]);
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
    const accounts = ['222222222222', '333333333333', '444444444444'];
    const problems: string[] = [];
    const views = await readConfigDeployments(
      {
        appConfig: new SdkAppConfigDeploymentReader(
          createTestAwsClients({ accountId: accounts[2], regions }),
        ),
        // beta and gamma accounts are not allowed: reported, not called.
        policy: new AwsTargetPolicy({
          targets: [{ accountId: accounts[2], regions }],
          allowedRoleArns: [],
        }),
        state: { name: 'orders-config' },
      },
      definition,
      p => problems.push(p),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(
      'AppConfig deployments of orders-config to beta in 222222222222/us-east-1 not read: account 222222222222 is not in pipelines.aws.targets',
    );
    const prodEast = views!.filter(
      v => v.environment === 'prod' && v.region === 'us-east-1',
    );
    expect(prodEast.map(v => v.profile)).toEqual([
      'feature-flags',
      'operational',
    ]);
    const flags = prodEast[0];
    expect(flags.rolledBack).toMatchObject({
      triggeredBy: 'CLOUDWATCH_ALARM',
      alarmName: 'orders-checkout-errors',
    });
    // The pipeline's rollback redeployed the last good configuration after AppConfig's rollback.
    expect(flags.state).toBe('COMPLETE');
    expect(flags.liveVersion).toBe(flags.version);
    expect(Number(flags.rolledBack!.version)).toBeLessThan(
      Number(flags.version),
    );
    expect(flags).toMatchObject({
      strategy: 'orders-config-prod',
      growthType: 'LINEAR',
      growthFactor: 20,
      deploymentDurationMinutes: 30,
      finalBakeMinutes: 60,
    });
    expect(views!.filter(v => v.environment === 'prod')).toHaveLength(6);
  });

  it('GIVEN the ids cached by a first refresh WHEN the next refresh reads THEN it only lists and gets the deployments', async () => {
    const definition = definitionOf('orders-config');
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
    const accounts = ['222222222222', '333333333333', '444444444444'];
    const appConfig = new SdkAppConfigDeploymentReader(
      createTestAwsClients({
        accountId: accounts[2],
        moreAccountIds: accounts.slice(0, 2),
        regions,
      }),
      { cache: memoryCacheService() },
    );
    const refresh = async () => {
      const before = aws.scenario.calls().length;
      const problems: string[] = [];
      const views = await readConfigDeployments(
        {
          appConfig,
          policy: new AwsTargetPolicy({
            targets: accounts.map(accountId => ({ accountId, regions })),
            allowedRoleArns: [],
          }),
          state: { name: 'orders-config' },
        },
        definition,
        p => problems.push(p),
      );
      expect(problems).toEqual([]);
      const operations = aws.scenario
        .calls()
        .slice(before)
        .filter(c => c.service === 'appconfig')
        .map(c => c.operation);
      const count = (operation: string) =>
        operations.filter(o => o === operation).length;
      return { views, operations, count };
    };

    const first = await refresh();
    const second = await refresh();

    // Six environments (beta, gamma in two regions, prod in three): each looked up once.
    const environments = configEnvironmentTargets(definition).length;
    expect(environments).toBe(6);
    expect(first.count('ListApplications')).toBe(environments);
    expect(first.count('ListEnvironments')).toBe(environments);
    expect(second.count('ListApplications')).toBe(0);
    expect(second.count('ListEnvironments')).toBe(0);
    expect(second.count('ListDeployments')).toBe(environments);
    expect(second.operations).toHaveLength(
      first.operations.length - 2 * environments,
    );
    expect(second.views).toEqual(first.views);
  });

  it('GIVEN cached ids WHEN ListDeployments is denied THEN each environment names the call, and the ids stay cached', async () => {
    const definition = definitionOf('orders-config');
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
    const accounts = ['222222222222', '333333333333', '444444444444'];
    const cache = memoryCacheService();
    const appConfig = new SdkAppConfigDeploymentReader(
      createTestAwsClients({
        accountId: accounts[2],
        moreAccountIds: accounts.slice(0, 2),
        regions,
      }),
      { cache },
    );
    const refresh = async () => {
      const problems: string[] = [];
      const views = await readConfigDeployments(
        {
          appConfig,
          policy: new AwsTargetPolicy({
            targets: accounts.map(accountId => ({ accountId, regions })),
            allowedRoleArns: [],
          }),
          state: { name: 'orders-config' },
        },
        definition,
        p => problems.push(p),
      );
      return { views, problems };
    };
    const environments = configEnvironmentTargets(definition).length;
    expect((await refresh()).problems).toEqual([]);
    expect(cache.keys()).toHaveLength(environments);

    aws.scenario.injectFault({
      service: 'appconfig',
      operation: 'ListDeployments',
      kind: 'access-denied',
    });
    try {
      const denied = await refresh();
      expect(denied.problems).toHaveLength(environments);
      for (const problem of denied.problems) {
        expect(problem).toMatch(
          /^AppConfig deployments of orders-config to \w+ in \d{12}\/[a-z0-9-]+ not read: `appconfig:ListDeployments` was denied \(AccessDeniedException\): add it to the read role$/,
        );
      }
    } finally {
      aws.scenario.clearFaults();
    }
    // A denied call is not a deleted application: the ids were kept, not looked up again.
    expect(cache.keys()).toHaveLength(environments);
    const before = aws.scenario.calls().length;
    expect((await refresh()).problems).toEqual([]);
    expect(
      aws.scenario
        .calls()
        .slice(before)
        .filter(c => c.operation === 'ListApplications'),
    ).toEqual([]);
  });

  it('reads nothing for a pipeline that deploys no configuration', async () => {
    expect(configEnvironmentTargets(definitionOf('orders-service'))).toEqual(
      [],
    );
  });
});
