import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SdkAppConfigDeploymentReader } from './AppConfigDeploymentReader';
import { createTestAwsClients } from '../testing/awsClients';
import { memoryCacheService } from '../testing/memoryCache';

/*
 * Payloads shaped as the AWS CLI reference for AppConfig shows them (list-applications,
 * list-environments, list-deployments, get-deployment): date-time text with offsets, optional
 * members (Description, Monitors, VersionLabel, CompletedAt) left out where AWS leaves them out.
 */

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ACCOUNT = '444444444444';
const target = { accountId: ACCOUNT, region: 'us-east-1' };
const ref = {
  application: 'test-application',
  environment: 'Example-Environment',
  profiles: {
    'Example-Configuration-Profile': 'example-strategy',
    'feature-flags': undefined,
  },
};

const summary = (n: number, over: Record<string, unknown>) => ({
  DeploymentNumber: n,
  ConfigurationName: 'Example-Configuration-Profile',
  ConfigurationVersion: String(n),
  DeploymentDurationInMinutes: 15,
  GrowthType: 'LINEAR',
  GrowthFactor: 25.0,
  FinalBakeTimeInMinutes: 10,
  State: 'COMPLETE',
  PercentageComplete: 100.0,
  StartedAt: '2021-09-17T21:43:54.205000+00:00',
  CompletedAt: '2021-09-17T21:59:03.888000+00:00',
  ...over,
});

/**
 * The ids AppConfig gave the application and its environment (new ones when made again; `null`
 * once deleted: only the other application is listed, and every id is unknown).
 */
const IDS = { application: '339ohji', environment: '54j1r29' };

function appConfig(
  deployments: Array<Record<string, unknown>>,
  details: Record<number, Record<string, unknown>>,
  calls: string[],
  ids: { application: string; environment: string } | null = IDS,
) {
  return http.get(
    ({ request }) =>
      new URL(request.url).host === 'appconfig.us-east-1.amazonaws.com',
    ({ request }) => {
      const path = new URL(request.url).pathname;
      calls.push(path);
      if (path === '/applications') {
        return HttpResponse.json({
          Items: [
            { Id: 'abc1234', Name: 'other-application' },
            ...(ids
              ? [
                  {
                    Description: 'An application used for creating an example.',
                    Id: ids.application,
                    Name: 'test-application',
                  },
                ]
              : []),
          ],
        });
      }
      if (ids && path === `/applications/${ids.application}/environments`) {
        return HttpResponse.json({
          Items: [
            {
              ApplicationId: ids.application,
              Id: ids.environment,
              Name: 'Example-Environment',
              State: 'ReadyForDeployment',
            },
          ],
        });
      }
      if (
        ids &&
        path ===
          `/applications/${ids.application}/environments/${ids.environment}/deployments`
      ) {
        return HttpResponse.json({ Items: deployments });
      }
      const n = /deployments\/(\d+)$/.exec(path)?.[1];
      if (n && details[Number(n)]) {
        return HttpResponse.json(details[Number(n)]);
      }
      return HttpResponse.json(
        { Message: 'not found' },
        {
          status: 404,
          headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
        },
      );
    },
  );
}

const reader = (cache?: ReturnType<typeof memoryCacheService>) =>
  new SdkAppConfigDeploymentReader(
    createTestAwsClients({ accountId: ACCOUNT, regions: ['us-east-1'] }),
    { cache, idTtlMs: 60_000 },
  );

/** A completed deployment of the example profile, as ListDeployments and GetDeployment give it. */
const completed = (
  n: number,
  revision: string,
): [
  Array<Record<string, unknown>>,
  Record<number, Record<string, unknown>>,
] => [
  [summary(n, {})],
  {
    [n]: {
      DeploymentNumber: n,
      ConfigurationName: 'Example-Configuration-Profile',
      ConfigurationVersion: String(n),
      Description: revision,
      State: 'COMPLETE',
    },
  },
];

describe('SdkAppConfigDeploymentReader', () => {
  it('reads the latest deployment of each profile while it bakes, with the version still live', async () => {
    const calls: string[] = [];
    server.use(
      appConfig(
        [
          summary(2, {
            State: 'BAKING',
            CompletedAt: undefined,
            StartedAt: '2021-09-18T10:00:00.000000+00:00',
          }),
          summary(1, {}),
        ],
        {
          2: {
            ApplicationId: '339ohji',
            EnvironmentId: '54j1r29',
            DeploymentNumber: 2,
            ConfigurationName: 'Example-Configuration-Profile',
            ConfigurationVersion: '2',
            Description: 'abc123def',
            State: 'BAKING',
            EventLog: [
              {
                EventType: 'BAKE_TIME_STARTED',
                TriggeredBy: 'APPCONFIG',
                Description: 'Deployment bake time started',
                OccurredAt: '2021-09-18T10:15:00.000000+00:00',
              },
            ],
            PercentageComplete: 100.0,
            StartedAt: '2021-09-18T10:00:00.000000+00:00',
          },
          1: {
            DeploymentNumber: 1,
            ConfigurationName: 'Example-Configuration-Profile',
            ConfigurationVersion: '1',
            Description: '0ffc8ba',
            State: 'COMPLETE',
          },
        },
        calls,
      ),
    );
    const views = await reader().readEnvironment(target, ref);
    expect(views).toEqual([
      {
        environment: 'Example-Environment',
        accountId: ACCOUNT,
        region: 'us-east-1',
        profile: 'Example-Configuration-Profile',
        strategy: 'example-strategy',
        deploymentNumber: 2,
        version: '2',
        revision: 'abc123def',
        state: 'BAKING',
        percentageComplete: 100,
        growthType: 'LINEAR',
        growthFactor: 25,
        deploymentDurationMinutes: 15,
        finalBakeMinutes: 10,
        startedAt: '2021-09-18T10:00:00.000Z',
        bakeEndsAt: '2021-09-18T10:25:00.000Z',
        liveVersion: '1',
        liveRevision: '0ffc8ba',
      },
    ]);
    // Nothing deployed yet of feature-flags: no view, and no GetDeployment for it.
    expect(calls.filter(c => /deployments\/\d+$/.test(c))).toEqual([
      '/applications/339ohji/environments/54j1r29/deployments/2',
      '/applications/339ohji/environments/54j1r29/deployments/1',
    ]);
  });

  it('names the alarm that made AppConfig roll a deployment back', async () => {
    const alarmArn =
      'arn:aws:cloudwatch:us-east-1:444444444444:alarm:orders-checkout-errors';
    server.use(
      appConfig(
        [summary(3, { State: 'ROLLED_BACK' }), summary(2, {})],
        {
          3: {
            DeploymentNumber: 3,
            ConfigurationVersion: '3',
            State: 'ROLLED_BACK',
            EventLog: [
              {
                EventType: 'ROLLBACK_COMPLETED',
                TriggeredBy: 'APPCONFIG',
                Description: 'Rollback completed',
                OccurredAt: '2021-09-17T22:01:00.000000+00:00',
              },
              {
                EventType: 'ROLLBACK_STARTED',
                TriggeredBy: 'CLOUDWATCH_ALARM',
                Description: `Rollback initiated by CloudWatch Alarm: ${alarmArn}`,
                OccurredAt: '2021-09-17T22:00:00.000000+00:00',
              },
            ],
          },
          // The live deployment, its optional Description omitted.
          2: {
            DeploymentNumber: 2,
            ConfigurationVersion: '2',
            State: 'COMPLETE',
          },
        },
        [],
      ),
    );
    const [view] = await reader().readEnvironment(target, ref);
    expect(view).toMatchObject({
      state: 'ROLLED_BACK',
      version: '3',
      liveVersion: '2',
      rolledBack: {
        deploymentNumber: 3,
        version: '3',
        at: '2021-09-17T22:00:00.000Z',
        triggeredBy: 'CLOUDWATCH_ALARM',
        alarmName: 'orders-checkout-errors',
        alarmArn,
      },
    });
    expect(view.revision).toBeUndefined();
    expect(view.liveRevision).toBeUndefined();
  });

  it('reads nothing for an application that does not exist (yet)', async () => {
    server.use(appConfig([], {}, []));
    expect(
      await reader().readEnvironment(target, {
        ...ref,
        application: 'not-applied-yet',
      }),
    ).toEqual([]);
  });

  it('GIVEN a cache WHEN it reads again THEN it lists the deployments by the ids found before, without looking the names up', async () => {
    const calls: string[] = [];
    server.use(appConfig(...completed(1, 'abc123d'), calls));
    const cached = reader(memoryCacheService());

    const first = await cached.readEnvironment(target, ref);
    expect(calls.splice(0)).toEqual([
      '/applications',
      '/applications/339ohji/environments',
      '/applications/339ohji/environments/54j1r29/deployments',
      '/applications/339ohji/environments/54j1r29/deployments/1',
    ]);
    const second = await cached.readEnvironment(target, ref);

    expect(second).toEqual(first);
    expect(second[0]).toMatchObject({ version: '1', revision: 'abc123d' });
    expect(calls).toEqual([
      '/applications/339ohji/environments/54j1r29/deployments',
      '/applications/339ohji/environments/54j1r29/deployments/1',
    ]);
  });

  it('GIVEN cached ids of an application deleted and made again WHEN it reads THEN it looks the names up again and reads the new environment', async () => {
    const cache = memoryCacheService();
    server.use(appConfig(...completed(1, 'abc123d'), []));
    await reader(cache).readEnvironment(target, ref);
    const renewed = { application: 'n3w4pp1', environment: 'n3wenv1' };
    const calls: string[] = [];
    server.resetHandlers(appConfig(...completed(1, 'f00ba47'), calls, renewed));

    const views = await reader(cache).readEnvironment(target, ref);

    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ version: '1', revision: 'f00ba47' });
    // The stale ids answered ResourceNotFoundException once; the new ones are kept.
    expect(calls).toEqual([
      '/applications/339ohji/environments/54j1r29/deployments',
      '/applications',
      '/applications/n3w4pp1/environments',
      '/applications/n3w4pp1/environments/n3wenv1/deployments',
      '/applications/n3w4pp1/environments/n3wenv1/deployments/1',
    ]);
    calls.length = 0;
    await reader(cache).readEnvironment(target, ref);
    expect(calls[0]).toBe(
      '/applications/n3w4pp1/environments/n3wenv1/deployments',
    );
  });

  it('GIVEN cached ids of an application deleted for good WHEN it reads THEN it reads nothing and forgets them', async () => {
    const cache = memoryCacheService();
    server.use(appConfig(...completed(1, 'abc123d'), []));
    await reader(cache).readEnvironment(target, ref);
    expect(cache.keys()).toHaveLength(1);
    const calls: string[] = [];
    server.resetHandlers(appConfig([], {}, calls, null));

    expect(await reader(cache).readEnvironment(target, ref)).toEqual([]);
    expect(calls).toEqual([
      '/applications/339ohji/environments/54j1r29/deployments',
      '/applications',
    ]);
    expect(cache.keys()).toEqual([]);
  });

  it('GIVEN cached ids older than their time to live WHEN it reads THEN it looks the names up again', async () => {
    let now = 0;
    const cache = memoryCacheService(() => now);
    const calls: string[] = [];
    server.use(appConfig(...completed(1, 'abc123d'), calls));
    await reader(cache).readEnvironment(target, ref);
    now = 59_999;
    calls.length = 0;
    await reader(cache).readEnvironment(target, ref);
    expect(calls).not.toContain('/applications');
    now = 60_000;
    await reader(cache).readEnvironment(target, ref);
    expect(calls.filter(c => c === '/applications')).toHaveLength(1);
  });

  it('refuses an account config does not allow, before any call', async () => {
    await expect(
      reader().readEnvironment(
        { accountId: '999999999999', region: 'us-east-1' },
        ref,
      ),
    ).rejects.toThrow(/999999999999/);
  });
});
