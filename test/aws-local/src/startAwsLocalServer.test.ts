import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodePipelineClient,
  GetPipelineStateCommand,
  ListPipelinesCommand,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import {
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { createExampleScenario } from './world/exampleWorld';
import { AwsLocalServer, startAwsLocalServer } from './startAwsLocalServer';

const NOW = new Date('2026-11-23T15:00:00Z');
const credentials = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-secret',
};
let server: AwsLocalServer;

// Starting the server builds its world; on a loaded 2-core machine that overran jest's 5 s default.
jest.setTimeout(60_000);

beforeAll(async () => {
  server = await startAwsLocalServer({
    port: 0,
    scenario: await createExampleScenario({ now: () => NOW }),
  });
});
afterEach(async () => {
  await fetch(`${server.url}/__scenario/reset`, { method: 'POST' });
});
afterAll(() => server.close());

function config(region: string) {
  return { region, endpoint: server.url, credentials, maxAttempts: 1 };
}

async function control(path: string, body?: unknown) {
  const res = await fetch(`${server.url}/__scenario/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('the local server', () => {
  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('routes every service on one URL by the SigV4 scope, including the region', async () => {
    const east = await new CodePipelineClient(config('us-east-1')).send(
      new ListPipelinesCommand({}),
    );
    const west = await new CodePipelineClient(config('eu-west-1')).send(
      new ListPipelinesCommand({}),
    );
    expect(east.pipelines?.map(p => p.name)).toContain('orders-service');
    expect(west.pipelines?.map(p => p.name)).toEqual(['payments-service']);

    const alarms = await new CloudWatchClient(config('ap-southeast-2')).send(
      new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }),
    );
    expect(alarms.CompositeAlarms!.length).toBeGreaterThan(0);
    expect(
      alarms.CompositeAlarms!.every(a =>
        a.AlarmArn!.startsWith('arn:aws:cloudwatch:ap-southeast-2:'),
      ),
    ).toBe(true);

    const findings = await new SecurityHubClient(config('us-east-1')).send(
      new GetFindingsCommand({ MaxResults: 5 }),
    );
    expect(findings.Findings).toHaveLength(5);

    const calls = await control('calls');
    expect(calls.body.byOperation).toMatchObject({
      'codepipeline:ListPipelines': 2,
      'cloudwatch:DescribeAlarms': 1,
      'securityhub:GetFindings': 1,
    });
    expect(server.scenario.callCount('codepipeline')).toBe(2);
    expect(server.scenario.calls().map(c => c.region)).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-southeast-2',
      'us-east-1',
    ]);
    expect(
      (await fetch(`${server.url}/__scenario/calls`, { method: 'DELETE' }))
        .status,
    ).toBe(200);
    expect((await control('calls')).body.total).toBe(0);
  });

  it('answers STS AssumeRole and GetCallerIdentity in the query protocol', async () => {
    const sts = new STSClient(config('us-east-1'));
    const role = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/backstage-dpra',
        RoleSessionName: 'backstage',
        ExternalId: 'dpra-local',
      }),
    );
    expect(role.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/backstage-dpra/backstage',
    );
    expect(role.Credentials?.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(role.Credentials?.Expiration).toBeInstanceOf(Date);

    const assumed = new STSClient({
      ...config('us-east-1'),
      credentials: {
        accessKeyId: role.Credentials!.AccessKeyId!,
        secretAccessKey: role.Credentials!.SecretAccessKey!,
        sessionToken: role.Credentials!.SessionToken!,
      },
    });
    const identity = await assumed.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111111111111');
    expect(identity.Arn).toContain(':assumed-role/backstage-dpra/');

    await expect(
      sts.send(
        new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      $metadata: { httpStatusCode: 400 },
    });

    // The query protocol names throttling `Throttling` in its XML ErrorResponse.
    server.scenario.injectFault({ service: 'sts', kind: 'throttle', times: 1 });
    await expect(
      sts.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('serves injected throttling and server errors over HTTP control, then recovers', async () => {
    expect(
      (
        await control('fault', {
          service: 'codepipeline',
          operation: 'GetPipelineState',
          kind: 'throttle',
          times: 1,
        })
      ).status,
    ).toBe(200);
    const cp = new CodePipelineClient(config('us-east-1'));
    const get = () =>
      cp.send(new GetPipelineStateCommand({ name: 'orders-service' }));
    await expect(get()).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(get()).resolves.toMatchObject({
      pipelineName: 'orders-service',
    });

    await control('fault', {
      service: 'securityhub',
      kind: 'server-error',
      times: 1,
    });
    await expect(
      new SecurityHubClient(config('us-east-1')).send(
        new GetFindingsCommand({}),
      ),
    ).rejects.toMatchObject({
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });

    expect(
      (await control('fault', { service: 'nope', kind: 'throttle' })).status,
    ).toBe(400);
  });

  it('holds a request on a timeout fault until the client gives up', async () => {
    await control('fault', {
      service: 'cloudwatch',
      kind: 'timeout',
      times: 1,
    });
    const cw = new CloudWatchClient({
      ...config('us-east-1'),
      requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true },
    });
    const started = Date.now();
    await expect(cw.send(new DescribeAlarmsCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('approves over the wire and advances the clock through /__scenario/advance', async () => {
    const cp = new CodePipelineClient(config('us-east-1'));
    const before = await cp.send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    const token = before.stageStates!.find(s => s.stageName === 'Approval')!
      .actionStates![0].latestExecution!.token;
    const pendingBefore = (await control('pipelines')).body.find(
      (p: { name: string }) => p.name === 'orders-service',
    );
    expect(pendingBefore.active[0].pendingApproval).toEqual({
      actionName: 'ManualApproval',
      token,
    });
    await cp.send(
      new PutApprovalResultCommand({
        pipelineName: 'orders-service',
        stageName: 'Approval',
        actionName: 'ManualApproval',
        token,
        result: {
          status: 'Approved',
          summary: 'Approved by user:default/jane.doe',
        },
      }),
    );
    const summary = await control('pipelines');
    const orders = summary.body.find(
      (p: { name: string }) => p.name === 'orders-service',
    );
    expect(orders.active[0].stageName).toBe('Prod-Wave1');
    expect(orders.active[0].pendingApproval).toBeUndefined();
    const advanced = await control('advance', { minutes: 30 });
    expect(advanced.body.now).toBe(
      new Date(NOW.getTime() + 30 * 60_000).toISOString(),
    );
    const after = await cp.send(
      new GetPipelineStateCommand({ name: 'orders-service' }),
    );
    const wave1 = after.stageStates!.find(s => s.stageName === 'Prod-Wave1')!;
    expect(wave1.onSuccessConditionState?.latestExecution?.status).toBe(
      'InProgress',
    );
    // A stale token (already used) is refused as AWS does.
    await expect(
      cp.send(
        new PutApprovalResultCommand({
          pipelineName: 'orders-service',
          stageName: 'Approval',
          actionName: 'ManualApproval',
          token,
          result: { status: 'Approved', summary: 'again' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ApprovalAlreadyCompletedException' });
  });

  it('adds the configured latency to AWS answers', async () => {
    const slow = await startAwsLocalServer({
      port: 0,
      latencyMs: 120,
      scenario: await createExampleScenario({ now: () => NOW }),
    });
    try {
      const cp = new CodePipelineClient({
        ...config('us-east-1'),
        endpoint: slow.url,
      });
      await cp.send(new ListPipelinesCommand({}));
      const started = Date.now();
      await cp.send(new ListPipelinesCommand({}));
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      await slow.close();
    }
  });
});
