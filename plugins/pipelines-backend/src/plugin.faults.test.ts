import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createExampleScenario,
  startAwsLocalServer,
  worldTargets,
  type AwsLocalServer,
  type FaultSpec,
} from '@dpra/aws-local';
import { TAG } from '@dpra/pipeline-contract';
import type { Knex } from 'knex';
import request from 'supertest';
import { pipelinesPlugin } from './plugin';
import { expectResponseMatchesSpec } from './testing/openApiSpec';
import { createPostgresTestDatabases } from './testing/stores';
import { recordingNotificationService } from './testing/notifications';

/**
 * The fault matrix: the plugin against the local AWS endpoint (a real HTTP server speaking the AWS
 * wire protocols) while it hangs, fails, throttles, resets connections, answers slowly, has one
 * service down, or refuses the credentials. For each: the API answers within its budget, the data
 * stays and is marked stale with a named reason, and the next refresh after the fault clears
 * serves it fresh. Decisions under faults are sent at most once and never lost. Short configured
 * timeouts keep it fast; the budgets are generous upper bounds, not timing assertions.
 */

jest.setTimeout(120_000);

const ENTITY = '/api/pipelines/entities/component/default/orders-service';
/** Generous budget of one API answer on a loaded 2-core machine (the point is "not minutes"). */
const API_BUDGET_MS = 8_000;
/** Budget of one refresh run under a fault: the deadline (4 s) plus the store's work. */
const REFRESH_BUDGET_MS = 20_000;

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    namespace: 'default',
    annotations: { 'dpra.io/pipeline-tags': `${TAG.service}=orders-service` },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

let aws: AwsLocalServer;
beforeEach(async () => {
  aws = await startAwsLocalServer({
    port: 0,
    scenario: await createExampleScenario(),
  });
});
afterEach(async () => {
  aws.scenario.clearFaults();
  await aws.close();
});

/** The world's pipelines of the orders service (tagged with it), by name. */
const ordersPipelines = () =>
  aws.scenario
    .pipelines()
    .filter(p =>
      p.tags.some(t => t.key === TAG.service && t.value === 'orders-service'),
    );
const ordersPipelineNames = () =>
  ordersPipelines()
    .map(p => p.name)
    .sort();

/** The same entity naming its pipelines by ARN (no tag lookup, which reads tags too). */
const entityByArn = () => ({
  ...entity,
  metadata: {
    ...entity.metadata,
    annotations: {
      'dpra.io/pipelines': ordersPipelines()
        .map(p => p.arn)
        .join('\n'),
    },
  },
});

async function startBackend(knex?: Knex, catalogEntity: object = entity) {
  const tasks = new Map<string, () => Promise<void>>();
  const { server: http } = await startTestBackend({
    features: [
      pipelinesPlugin,
      recordingNotificationService().factory,
      mockServices.rootConfig.factory({
        data: {
          aws: {
            mainAccount: { accessKeyId: 'local', secretAccessKey: 'local' },
          },
          pipelines: {
            aws: {
              endpoint: aws.url,
              local: true,
              targets: worldTargets(aws.scenario),
              maxAttempts: 2,
              requestTimeoutMs: 2000,
              connectionTimeoutMs: 2000,
            },
            refresh: {
              intervalSeconds: 1,
              hotIntervalSeconds: 1,
              findingsIntervalSeconds: 3600,
              deadlineSeconds: 4,
            },
            approvals: { deadlineSeconds: 4 },
          },
        },
      }),
      catalogServiceMock.factory({ entities: [catalogEntity as any] }),
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      mockServices.scheduler.mock({
        scheduleTask: jest.fn(
          async (task: SchedulerServiceTaskInvocationDefinition) => {
            tasks.set(task.id, () =>
              Promise.resolve(task.fn(new AbortController().signal)),
            );
          },
        ),
      }).factory,
    ],
  });
  const runTask = (id: string) => tasks.get(id)!();
  /** GET within the API budget, checked against openapi.yaml. */
  const get = async (url: string) => {
    const startedAt = Date.now();
    const res = await request(http).get(url);
    expect(Date.now() - startedAt).toBeLessThan(API_BUDGET_MS);
    expectResponseMatchesSpec('get', url, res);
    return res;
  };
  const post = async (url: string, body?: object) => {
    const startedAt = Date.now();
    const res = await request(http).post(url).send(body);
    expect(Date.now() - startedAt).toBeLessThan(API_BUDGET_MS);
    expectResponseMatchesSpec('post', url, res);
    return res;
  };
  /** One refresh run and one entity sync, as the scheduler runs them, within their budget. */
  const refreshAll = async () => {
    // Every pipeline is due again after the 1 s interval.
    await new Promise(resolve => setTimeout(resolve, 1100));
    const startedAt = Date.now();
    await runTask('dpra-pipelines-entity-sync');
    await runTask('dpra-pipelines-refresh');
    expect(Date.now() - startedAt).toBeLessThan(REFRESH_BUDGET_MS);
  };
  return { http, runTask, get, post, refreshAll };
}

interface FaultCase {
  name: string;
  faults: FaultSpec[];
  /** What the pipelines' stale reason says, when the fault makes them stale. */
  staleReason?: RegExp;
  /** What a problem of the entity says, when the fault shows as one. */
  problem?: RegExp;
  /** Refresh runs allowed until everything is fresh again after the fault clears; 1 by default. */
  refreshesToRecover?: number;
}

const FAULTS: FaultCase[] = [
  {
    name: 'hang',
    faults: [{ service: 'codepipeline', kind: 'timeout' }],
    staleReason:
      /^Last refresh failed: CodePipeline did not answer within (2|4) s \(\w+\)(; no answer within 4 s)?$/,
    problem:
      /^Tag lookup in \d{12}\/[a-z0-9-]+ failed: CodePipeline did not answer within (2|4) s \(ListPipelines\)(; no answer within 4 s)?; showing the \d pipeline\(s\) it found before$/,
  },
  {
    name: '5xx',
    faults: [{ service: 'codepipeline', kind: 'server-error' }],
    staleReason:
      /^Last refresh failed: CodePipeline \w+ returned a server error 500 \(InternalFailure\)$/,
    problem: /failed: CodePipeline ListPipelines returned a server error 500/,
  },
  {
    name: 'throttling',
    faults: [{ service: 'codepipeline', kind: 'throttle' }],
    staleReason:
      /^Last refresh failed: CodePipeline \w+ was throttled \(ThrottlingException\)(; no answer within 4 s)?$/,
    problem: /failed: CodePipeline ListPipelines was throttled/,
    refreshesToRecover: 10,
  },
  {
    name: 'connection reset',
    faults: [{ service: 'codepipeline', kind: 'connection-reset' }],
    staleReason:
      /^Last refresh failed: The connection to CodePipeline failed \(\w+\) \(ECONNRESET\)(; no answer within 4 s)?$/,
    problem: /failed: The connection to CodePipeline failed \(ListPipelines\)/,
  },
  {
    name: 'slow (latency 5 s)',
    faults: [{ service: 'codepipeline', kind: 'slow', latencyMs: 5000 }],
    staleReason:
      /^Last refresh failed: CodePipeline did not answer within (2|4) s \(\w+\)(; no answer within 4 s)?$/,
  },
  {
    // The alarms are an optional part: the pipelines stay fresh, their alarms show as not read,
    // and the entity's problems name the call.
    name: 'partial (CloudWatch down)',
    faults: [{ service: 'cloudwatch', kind: 'server-error' }],
    problem:
      /^Alarms of orders-[a-z-]+ in [a-z0-9-]+ not read: CloudWatch DescribeAlarms returned a server error 500 \(InternalFailure\); the next refresh tries again$/,
  },
  {
    name: 'expired credentials',
    faults: [{ service: 'codepipeline', kind: 'expired-credentials' }],
    staleReason:
      /^Last refresh failed: CodePipeline \w+: the credentials were refused \(ExpiredTokenException: .*\): check the aws: accounts configuration and the role's trust policy$/,
  },
  {
    name: 'denied',
    faults: [{ service: 'codepipeline', kind: 'access-denied' }],
    staleReason:
      /^Last refresh failed: `codepipeline:\w+` was denied \(AccessDeniedException\): add it to the read role$/,
    problem:
      /failed: `codepipeline:ListPipelines` was denied \(AccessDeniedException\): add it to the read role/,
  },
];

async function expectFaultServedStaleAndRecovered(
  backend: Awaited<ReturnType<typeof startBackend>>,
  fault: FaultCase,
) {
  // The last known state: everything read once (a loaded machine may need another run).
  let before = await backend.get(`${ENTITY}/pipelines`);
  for (
    let i = 0;
    i < 5 &&
    (before.body.pipelines.length < 2 ||
      before.body.pipelines.some((p: any) => p.freshness.stale));
    i++
  ) {
    await backend.refreshAll();
    before = await backend.get(`${ENTITY}/pipelines`);
  }
  const names = before.body.pipelines.map((p: any) => p.name);
  expect(names).toEqual(ordersPipelineNames());
  expect(before.body.pipelines.every((p: any) => !p.freshness.stale)).toBe(
    true,
  );

  fault.faults.forEach(f => aws.scenario.injectFault(f));
  await backend.refreshAll();
  const during = await backend.get(`${ENTITY}/pipelines`);
  // Nothing disappears.
  expect(during.body.pipelines.map((p: any) => p.name)).toEqual(names);
  if (fault.staleReason) {
    for (const pipeline of during.body.pipelines) {
      expect(pipeline.freshness).toMatchObject({ stale: true });
      expect(pipeline.freshness.staleReason).toMatch(fault.staleReason);
    }
  }
  const messages: string[] = during.body.problems.map((p: any) => p.message);
  if (fault.problem) {
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(fault.problem)]),
    );
  }
  expect(messages).not.toContain(
    'No pipeline in the configured accounts and regions carries these tags',
  );

  // Recovery: the first refresh after the fault clears serves everything fresh again. After
  // throttling, the SDK's adaptive retry mode keeps its client-side send rate low and raises it
  // again over wall-clock time (and only on answers), which the short test deadline can cut:
  // there, a few refreshes a second apart are allowed, as the scheduler would space them.
  aws.scenario.clearFaults();
  let after: Awaited<ReturnType<typeof backend.get>>;
  let refreshes = 0;
  do {
    if (refreshes > 0) await new Promise(resolve => setTimeout(resolve, 1000));
    await backend.refreshAll();
    refreshes++;
    after = await backend.get(`${ENTITY}/pipelines`);
  } while (
    refreshes < (fault.refreshesToRecover ?? 1) &&
    after.body.pipelines.some((p: any) => p.freshness.stale)
  );
  expect(after.body.pipelines.map((p: any) => p.name)).toEqual(names);
  for (const pipeline of after.body.pipelines) {
    expect(pipeline.freshness.stale).toBe(false);
  }
  expect(after.body.problems).toEqual([]);
}

/**
 * The six optional reads of a refresh. When one is refused, the pipelines are served fresh and
 * the entity's problems name the call, AWS's error code and the fix.
 */
const OPTIONAL_READS: Array<{ fault: FaultSpec; problem: RegExp }> = [
  {
    fault: {
      service: 'codepipeline',
      operation: 'ListTagsForResource',
      kind: 'access-denied',
    },
    problem:
      /^Tags of orders-[a-z-]+ \(its waived checks, and what selects its findings and reports\) not read: `codepipeline:ListTagsForResource` was denied \(AccessDeniedException\): add it to the read role$/,
  },
  {
    fault: {
      service: 'cloudwatch',
      operation: 'DescribeAlarms',
      kind: 'access-denied',
    },
    problem:
      /^Alarms of orders-[a-z-]+ in [a-z0-9-]+ not read: `cloudwatch:DescribeAlarms` was denied \(AccessDeniedException\): add it to the read role$/,
  },
  {
    fault: {
      service: 'cloudwatch',
      operation: 'DescribeAlarmHistory',
      kind: 'access-denied',
    },
    problem:
      /^History of alarm [\w-]+ in [a-z0-9-]+ not read: `cloudwatch:DescribeAlarmHistory` was denied \(AccessDeniedException\): add it to the read role$/,
  },
  {
    fault: {
      service: 'securityhub',
      operation: 'GetFindings',
      kind: 'access-denied',
    },
    problem:
      /^Security Hub findings of orders-[a-z-]+ not read: `securityhub:GetFindings` was denied \(AccessDeniedException\): add it to the read role$/,
  },
  {
    fault: { service: 'codebuild', kind: 'server-error' },
    problem:
      /^CodeBuild test and coverage reports of orders-[a-z-]+ not read: CodeBuild \w+ returned a server error 500 \(InternalFailure\); the next refresh tries again$/,
  },
  {
    fault: {
      service: 'codepipeline',
      operation: 'GetPipelineExecution',
      kind: 'access-denied',
    },
    problem:
      /^Details of execution [0-9a-f-]+ of orders-[a-z-]+ not read: `codepipeline:GetPipelineExecution` was denied \(AccessDeniedException\): add it to the read role$/,
  },
];

describe('the fault matrix on SQLite: optional reads', () => {
  it.each(
    OPTIONAL_READS.map(r => [r.fault.operation ?? r.fault.service, r] as const),
  )(
    '%s refused: the pipelines are served fresh, with a problem naming the call, the error and the fix',
    async (_, { fault, problem }) => {
      aws.scenario.injectFault(fault);
      const backend = await startBackend(undefined, entityByArn());
      // The first refresh of a pipeline reads every optional part (a loaded machine may need
      // another run to read the pipelines within the 4 s deadline at all).
      let page = await backend.get(`${ENTITY}/pipelines`);
      for (let i = 0; i < 5 && page.body.pipelines.length < 2; i++) {
        await backend.refreshAll();
        page = await backend.get(`${ENTITY}/pipelines`);
      }
      expect(page.body.pipelines.map((p: any) => p.name)).toEqual(
        ordersPipelineNames(),
      );
      for (const pipeline of page.body.pipelines) {
        expect(pipeline.freshness).toEqual({
          stale: false,
          lastRefreshedAt: expect.any(String),
        });
      }
      expect(page.body.problems).toEqual(
        expect.arrayContaining([
          {
            reference: expect.any(String),
            message: expect.stringMatching(problem),
          },
        ]),
      );

      // Once AWS answers again, the next refresh that reads the part clears its problem.
      aws.scenario.clearFaults();
      await backend.refreshAll();
      expect((await backend.get(`${ENTITY}/pipelines`)).body.problems).toEqual(
        [],
      );
    },
  );
});

/** Moves the scenario until an approval waits, refreshing as the scheduler would. */
async function waitForPendingApproval(
  backend: Awaited<ReturnType<typeof startBackend>>,
) {
  await backend.runTask('dpra-pipelines-entity-sync');
  await backend.runTask('dpra-pipelines-refresh');
  for (let i = 0; i < 60; i++) {
    const page = await backend.get(`${ENTITY}/pipelines`);
    const pending = page.body.pipelines.flatMap(
      (p: any) => p.pendingApprovals,
    )[0];
    if (pending) {
      return {
        pipelineArn: pending.pipelineArn,
        stageName: pending.stageName,
        actionName: pending.actionName,
        token: pending.token,
        decision: 'Approved',
      };
    }
    aws.scenario.advance(30);
    await backend.refreshAll();
  }
  throw new Error('no approval became pending');
}

/** PutApprovalResult calls that reached the scenario's state (not served a fault instead). */
const putApprovalResults = () =>
  aws.scenario
    .calls()
    .filter(
      c =>
        c.service === 'codepipeline' &&
        c.operation === 'PutApprovalResult' &&
        !c.fault,
    );

describe.each(FAULTS.map(f => [f.name, f] as const))(
  'the fault matrix on SQLite: %s',
  (_, fault) => {
    it('answers within budget, serves the data stale with the reason, loses nothing, recovers in one refresh', async () => {
      await expectFaultServedStaleAndRecovered(await startBackend(), fault);
    });
  },
);

describe('the fault matrix on SQLite: decisions', () => {
  it('a decision AWS does not answer is not sent (503), then sent once after the fault', async () => {
    const backend = await startBackend();
    const decision = await waitForPendingApproval(backend);
    aws.scenario.injectFault({ service: 'codepipeline', kind: 'timeout' });
    const refused = await backend.post(`${ENTITY}/approvals`, decision);
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(
      /^AWS did not answer; your decision was not sent; try again/,
    );
    expect(putApprovalResults()).toHaveLength(0);
    aws.scenario.clearFaults();
    const sent = await backend.post(`${ENTITY}/approvals`, decision);
    expect(sent.status).toBe(200);
    expect(putApprovalResults()).toHaveLength(1);
  });
});

const postgres = createPostgresTestDatabases();
const postgresIds = postgres.eachSupportedId();

(postgresIds.length > 0 ? describe : describe.skip)(
  'the fault matrix on PostgreSQL',
  () => {
    const databaseId = postgresIds[0]?.[0] ?? 'POSTGRES_16';

    it.each(FAULTS.map(f => [f.name, f] as const))(
      '%s: answers within budget, serves the data stale with the reason, loses nothing, recovers in one refresh',
      async (_, fault) => {
        const knex = await postgres.init(databaseId);
        await expectFaultServedStaleAndRecovered(
          await startBackend(knex),
          fault,
        );
      },
    );

    it('two replicas: a decision whose answer is lost is sent once, answered 202, and reconciled', async () => {
      const knex = await postgres.init(databaseId);
      const a = await startBackend(knex);
      const b = await startBackend(knex);
      const decision = await waitForPendingApproval(a);
      await b.runTask('dpra-pipelines-entity-sync');

      // PutApprovalResult hangs: whether AWS took it is unknown.
      aws.scenario.injectFault({
        service: 'codepipeline',
        operation: 'PutApprovalResult',
        kind: 'timeout',
      });
      const [ra, rb] = await Promise.all([
        a.post(`${ENTITY}/approvals`, decision),
        b.post(`${ENTITY}/approvals`, decision),
      ]);
      expect([ra.status, rb.status].sort()).toEqual([202, 409]);
      // Only the replica that won the lock sent it (its attempts hung; none reached AWS's state).
      const attempts = () =>
        aws.scenario.calls().filter(c => c.operation === 'PutApprovalResult')
          .length;
      const sentAttempts = attempts();
      expect(sentAttempts).toBeGreaterThanOrEqual(1);
      expect(sentAttempts).toBeLessThanOrEqual(2); // maxAttempts
      expect(putApprovalResults()).toHaveLength(0);
      // While in flight, neither replica sends it again.
      expect((await b.post(`${ENTITY}/approvals`, decision)).status).toBe(409);
      expect((await a.post(`${ENTITY}/approvals`, decision)).status).toBe(409);
      expect(attempts()).toBe(sentAttempts);

      // The fault clears; reconciliation (on either replica) finds the approval still pending
      // (the hung call never reached the scenario's state) and releases the token.
      aws.scenario.clearFaults();
      await new Promise(resolve => setTimeout(resolve, 8100));
      await Promise.all([
        a.runTask('dpra-pipelines-approval-reconcile'),
        b.runTask('dpra-pipelines-approval-reconcile'),
      ]);
      const rows = await knex('approval_decisions').where({
        token: decision.token,
      });
      expect(rows).toEqual([]);

      // Not lost: decided now, once.
      const [sa, sb] = await Promise.all([
        a.post(`${ENTITY}/approvals`, decision),
        b.post(`${ENTITY}/approvals`, decision),
      ]);
      expect([sa.status, sb.status].sort()).toEqual([200, 409]);
      expect(putApprovalResults()).toHaveLength(1);
      expect(
        await knex('approval_decisions').where({
          token: decision.token,
          outcome: 'succeeded',
        }),
      ).toHaveLength(1);
    });
  },
);
